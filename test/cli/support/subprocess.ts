import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHOPCTL } from './build.js';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A folder of its own for a subprocess: no stray .env is read, and the data folder is private. */
export async function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'shopctl-e2e-'));
}

/**
 * Runs `node bin/shopctl ...args` as a real process with stdin not a terminal, against `databaseUrl`. Only the
 * variables given here (and PATH) reach it, so the developer's own shop settings cannot leak in.
 */
export function shopctl(
  args: string[],
  options: { databaseUrl?: string; cwd: string; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<ProcessResult> {
  const started = Date.now();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.cwd,
    SHOP_DATA_DIR: join(options.cwd, 'data'),
    BTC_ADDRESSES_FILE: join(options.cwd, 'btc_addresses.txt'),
    ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SHOPCTL, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
