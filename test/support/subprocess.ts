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

/** A folder of its own for a subprocess (its SHOP_HOME): no stray .env is read, and the data folder is private. */
export async function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'shop-e2e-'));
}

/**
 * What a program under test shares with the test run: PATH, the run's temp folder and, under Debian's `faketime`
 * (LD_PRELOAD and FAKETIME*), the same moved clock as the tests and the test server.
 */
function inherited(): Record<string, string | undefined> {
  const names = Object.keys(process.env).filter(
    (name) =>
      ['PATH', 'TMPDIR', 'LD_PRELOAD', 'DONT_FAKE_MONOTONIC'].includes(name) || name.startsWith('FAKETIME'),
  );
  return Object.fromEntries(names.map((name) => [name, process.env[name]]));
}

/**
 * The environment of a program under test: only what `inherited` names and what is given here reach it, so the
 * developer's own shop settings cannot leak in; the data folder and address file are the test's own.
 */
export function childEnv(cwd: string, env: Record<string, string | undefined> = {}): Record<string, string> {
  const all = {
    ...inherited(),
    HOME: cwd,
    SHOP_HOME: cwd,
    SHOP_DATA_DIR: join(cwd, 'data'),
    BTC_ADDRESSES_FILE: join(cwd, 'btc_addresses.txt'),
    // Processes started side by side must not fight over the default /metrics port.
    METRICS_PORT: '0',
    ...env,
  };
  return Object.fromEntries(
    Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Runs `node bin/shopctl ...args` (or another copy of the launcher) as a real process with stdin not a terminal,
 * against `databaseUrl`.
 */
export function shopctl(
  args: string[],
  options: {
    databaseUrl?: string;
    cwd: string;
    env?: Record<string, string | undefined>;
    nodeArgs?: string[];
    launcher?: string;
  },
): Promise<ProcessResult> {
  const started = Date.now();
  const env = childEnv(options.cwd, { DATABASE_URL: options.databaseUrl, ...options.env });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), options.launcher ?? SHOPCTL, ...args],
      {
        cwd: options.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
