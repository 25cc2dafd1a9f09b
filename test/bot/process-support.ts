import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';

/**
 * For tests that run the compiled programs. The build uses the same lock directory and stamp as the CLI's
 * subprocess tests (test/cli/support/build.ts), so test files running at once share one `npm run build`.
 */

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
const STAMP = join(ROOT, 'dist', '.shopctl-test-build');
const LOCK = join(ROOT, 'dist', '.shopctl-test-build.lock');

async function newest(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const times = await Promise.all((await readdir(path)).map((entry) => newest(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

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
    const sources = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json'].map((p) => join(ROOT, p));
    const built = await stat(STAMP).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (Math.max(...(await Promise.all(sources.map(newest)))) < built) return;
    const started = new Date();
    await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 170_000 }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`npm run build failed:\n${error.stdout ?? String(error)}`);
      },
    );
    await writeFile(STAMP, started.toISOString());
    await utimes(STAMP, started, started);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** A private folder: no stray .env is read and the data folder is the test's own. */
export const scratchDir = () => mkdtemp(join(tmpdir(), 'shop-bot-e2e-'));

/** Only PATH, HOME and the data folder reach a child, plus what the test gives. */
export function childEnv(cwd: string, env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: cwd, SHOP_DATA_DIR: join(cwd, 'data'), ...env };
}

/** `node bin/shopctl ...args`, to completion. */
export function shopctl(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'shopctl'), ...args], {
      cwd,
      env: childEnv(cwd, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A database without tables on the test server. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(inject('databaseUrl'));
  const name = `shop_bot_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: server.href });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}
