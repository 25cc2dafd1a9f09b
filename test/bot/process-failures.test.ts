import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, startBot, until } from '../support/bot-process.js';
import { ensureBuilt } from '../support/build.js';
import { FAKE_TOKEN, startFakeBotApi } from '../support/fake-bot-api.js';
import { scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** How the bot process ends when what it stands on fails: Telegram unreachable at start, its database killed. */

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

/** A "Telegram" that takes connections and never answers: the worst kind of unreachable. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('startup with Telegram unreachable', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ connectionLimit: 2 });
  });
  afterAll(() => t.drop());

  it('exits 1 within 30 s with one sentence, whether nothing listens or nothing answers', async () => {
    const silent = await silentServer();
    try {
      for (const root of ['http://127.0.0.1:1', silent.url]) {
        const started = Date.now();
        const bot = startBot(
          { DATABASE_URL: t.url, BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: root },
          await scratchDir(),
        );
        expect(await exitOf(bot.child, 40_000)).toBe(1);
        expect(Date.now() - started).toBeLessThan(30_000);
        const lines = bot.stderr().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^Could not reach the Telegram Bot API at ${root}`));
      }
    } finally {
      await silent.close();
    }
  }, 90_000);
});

describe('the private database server killed under the bot', () => {
  it('makes the bot exit non-zero within seconds, saying why, instead of logging errors forever', async () => {
    const api = await startFakeBotApi();
    const dir = await scratchDir();
    const bot = startBot({ BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url, LOG_LEVEL: 'info' }, dir);
    try {
      await until(() => bot.output().includes('bot is taking updates'), 'the bot to start', 120_000);
      const pid = Number((await readFile(join(dir, 'data', 'mariadb', 'mariadbd.pid'), 'utf8')).trim());
      process.kill(pid, 'SIGKILL');
      const killed = Date.now();
      expect(await exitOf(bot.child, 30_000)).toBe(1);
      expect(Date.now() - killed).toBeLessThan(15_000);
      expect(bot.stderr()).toContain(`The bot stopped: the private database server (pid ${pid}) is gone`);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
      await api.close();
    }
  }, 180_000);
});
