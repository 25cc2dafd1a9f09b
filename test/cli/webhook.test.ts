import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { useTestShop } from '../support/shop.js';
import { type CliShop, createCliShop } from './support/cli.js';

const SECRET = 'webhook-secret-0123456789';
let api: FakeBotApiServer;
let shop: CliShop;

useTestShop(async ({ t }) => {
  api = await startFakeBotApi();
  shop = createCliShop(t.db, {
    BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.url,
    WEBHOOK_URL: 'https://shop.example/telegram/hook',
    WEBHOOK_SECRET: SECRET,
  });
});
afterAll(() => api?.close());

describe('shopctl webhook', () => {
  it('sets the webhook with the secret, shows it, and deletes it', async () => {
    expect(await shop.run(['webhook', 'set'])).toMatchObject({
      code: 0,
      stdout: 'Telegram now sends updates to https://shop.example/telegram/hook.\n',
    });
    expect(api.fake.webhook).toEqual({ url: 'https://shop.example/telegram/hook', secret: SECRET });

    const info = await shop.run(['webhook', 'info', '--json']);
    expect(info.json()).toMatchObject({ url: 'https://shop.example/telegram/hook', pending_update_count: 0 });

    expect((await shop.run(['webhook', 'delete'])).code).toBe(0);
    expect(api.fake.webhook).toBeUndefined();
    expect((await shop.run(['webhook', 'info'])).stdout).toContain('none (long polling)');
  });

  it('refuses a URL Telegram would not take, in one sentence', async () => {
    const result = await shop.run(['webhook', 'set', 'http://plain.example/hook']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('https://');
    expect(api.fake.webhook).toBeUndefined();
  });

  it('says when Telegram cannot be reached', async () => {
    const offline = createCliShop(shop.db, {
      BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
    });
    const result = await offline.run(['webhook', 'info']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not reach the Telegram Bot API');
  });
});
