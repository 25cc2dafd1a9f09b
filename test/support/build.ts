import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOPCTL = join(ROOT, 'bin', 'shopctl');
const STAMP = join(ROOT, 'dist', '.shopctl-test-build');
const LOCK = join(ROOT, 'dist', '.shopctl-test-build.lock');

async function newestSource(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestSource(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function upToDate(): Promise<boolean> {
  try {
    const built = (await stat(STAMP)).mtimeMs;
    const sources = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json'].map((p) => join(ROOT, p));
    return Math.max(...(await Promise.all(sources.map(newestSource)))) < built;
  } catch {
    return false;
  }
}

/**
 * Runs `npm run build` so subprocess tests exercise the real launcher and compiled code; test files that need
 * it share one build through a lock directory, and skip it when nothing changed since the last one.
 */
export async function ensureBuilt(): Promise<void> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
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
    if (await upToDate()) return;
    const started = new Date();
    try {
      await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 170_000 });
    } catch (error) {
      const output = (error as { stdout?: string }).stdout ?? String(error);
      throw new Error(`npm run build failed:\n${output}`);
    }
    await writeFile(STAMP, started.toISOString());
    // Sources saved during the build must trigger the next one: date the stamp to the build's start.
    await utimes(STAMP, started, started);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
