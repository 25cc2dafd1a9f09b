import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../support/build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { OWNER_ID } from '../support/shop.js';
import { childEnv, scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { textUpdate, tgUser } from '../support/updates.js';

/** The shipped bot in webhook mode: sets the webhook at start, handles a POSTed update, serves /health. */

const SECRET = 'webhook-secret-0123456789';
let t: TestDatabase;
let api: FakeBotApiServer;
let child: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 2 });
  await t.db
    .insertInto('settings')
    .values({ key: 'reference_codes_enabled', value: 'false' })
    .onDuplicateKeyUpdate({ value: 'false' })
    .execute();
  api = await startFakeBotApi();
}, 180_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await api?.close();
  await t?.drop();
});

describe('BOT_MODE=webhook', () => {
  it('sets the webhook, handles what Telegram posts, reports health, and stops on SIGTERM', async () => {
    const [webhookPort, metricsPort] = [await freePort(), await freePort()];
    const dir = await scratchDir();
    child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: dir,
      env: childEnv(dir, {
        DATABASE_URL: t.url,
        BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.url,
        OWNER_ID: String(OWNER_ID),
        LOG_LEVEL: 'warn',
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'https://shop.example/tg/hook',
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_PORT: String(webhookPort),
        METRICS_PORT: String(metricsPort),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));

    await api
      .waitFor((call) => call.method === 'setWebhook', 30_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
    expect(api.fake.webhook).toEqual({ url: 'https://shop.example/tg/hook', secret: SECRET });

    const reply = api.waitFor((call) => call.method === 'sendMessage' && call.payload.chat_id === 96_001);
    const response = await fetch(`http://127.0.0.1:${webhookPort}/tg/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(textUpdate(tgUser(96_001), '/start')),
    });
    expect(response.status).toBe(200);
    await reply;

    const health = await fetch(`http://127.0.0.1:${metricsPort}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain('shop_updates_total{kind="message",outcome="ok"} 1');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 120_000);
});
