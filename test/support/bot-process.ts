import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt, ROOT } from './build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from './fake-bot-api.js';
import { createTestShop, type TestShop } from './shop.js';
import { childEnv, scratchDir } from './subprocess.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

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

/**
 * For a test file that runs the shop's bot as real processes: a test database, a fake Bot API, and `start()` for a
 * bot against both (resolved once it takes updates); every bot still running is killed after the file.
 */
export function useBotProcesses() {
  const fixture = {} as { t: TestDatabase; shop: TestShop; api: FakeBotApiServer };
  const started: BotProcess[] = [];
  beforeAll(async () => {
    await ensureBuilt();
    fixture.t = await createTestDatabase({ connectionLimit: 4 });
    fixture.shop = createTestShop(fixture.t.db);
    fixture.api = await startFakeBotApi();
  }, 180_000);
  afterAll(async () => {
    for (const bot of started) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await fixture.api?.close();
    await fixture.t?.drop();
  });
  return {
    get t() {
      return fixture.t;
    },
    get shop() {
      return fixture.shop;
    },
    get api() {
      return fixture.api;
    },
    async start(): Promise<BotProcess> {
      const { t, api } = fixture;
      const env = {
        DATABASE_URL: t.url,
        BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.url,
        LOG_LEVEL: 'info',
      };
      const bot = startBot(env, await scratchDir());
      started.push(bot);
      await until(() => bot.output().includes('bot is taking updates'), 'the bot to start', 60_000);
      return bot;
    },
  };
}
