import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOPCTL = join(ROOT, 'bin', 'shopctl');
// Outside dist/, which a build replaces as a whole.
const LOCK = join(ROOT, 'node_modules', '.cache', 'shopctl-test-build.lock');

/**
 * Builds dist/ so subprocess tests exercise the real launcher and compiled code; test files that need it share
 * one build through a lock directory, and the build script skips the work when the sources did not change.
 */
export async function ensureBuilt(): Promise<void> {
  await mkdir(join(LOCK, '..'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) await rm(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-changed'], {
      cwd: ROOT,
      timeout: 170_000,
    });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`The build failed:\n${output}`);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
