import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './build.js';
import { childEnv } from './subprocess.js';

/** The bot as shipped (`node dist/src/main.js`), run as a real process; build it first with ensureBuilt. */
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

export interface BotProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  stderr: () => string;
}

export function startBot(env: Record<string, string>, cwd: string): BotProcess {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: childEnv(cwd, { LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  return { child, output: () => output, stderr: () => stderr };
}

/** The exit code, killing the process when it has not exited within `timeoutMs` (then null). */
export async function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

/** Waits for something a subprocess does; the deadline only ends a broken run. */
export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
