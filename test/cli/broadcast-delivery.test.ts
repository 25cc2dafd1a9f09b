import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { createHarness, type Harness } from '../bot/harness.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { OWNER_ID, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

let t: TestDatabase;
let api: FakeBotApiServer;
let shop: CliShop;
let h: Harness;
let photo: string;
useTestShop((created) => {
  t = created.t;
});

// The smallest PNG header Telegram would sniff as an image; the fake API only records the upload.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const CUSTOMERS = [520_001, 520_002, 520_003] as const;

beforeAll(async () => {
  api = await startFakeBotApi();
  shop = createCliShop(t.db, { BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url });
  h = createHarness(shop, {}, api.fake);
  const dir = await mkdtemp(join(tmpdir(), 'broadcast-photo-'));
  photo = join(dir, 'sale.png');
  await writeFile(photo, PNG);
  await t.db
    .insertInto('users')
    .values(CUSTOMERS.map((id) => ({ id, first_name: `C${id}`, created_at: shop.clock.now() })))
    .execute();
});
afterAll(() => api?.close());

async function deliverAll(): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    await h.worker.runOnce();
    shop.clock.advanceHours(1 / 3600);
  }
}

/** The bot's outbox worker, running as in production while a command follows the delivery. */
function startWorker() {
  const worker = createOutboxWorker(
    { api: h.bot.api, services: shop.services, config: h.config, logger: pino({ level: 'silent' }) },
    { intervalMs: 20 },
  );
  worker.start();
  return worker;
}

describe('broadcast delivery', () => {
  it('uploads a photo once and sends it by file id, the text as caption or, when longer, after it', async () => {
    api.fake.reset();
    const short = await shop.run(['broadcast', 'send', 'New <teas>', '--photo', photo, '--yes', '--json']);
    expect(short.code).toBe(0);
    expect(api.fake.callsTo(OWNER_ID, 'sendPhoto')).toHaveLength(1);
    const long = 'Our autumn list. '.repeat(100).trim();
    expect((await shop.run(['broadcast', 'send', long, '--photo', photo, '--yes'])).code).toBe(0);
    expect(api.fake.callsTo(OWNER_ID, 'sendPhoto')).toHaveLength(2);
    await deliverAll();

    for (const chatId of CUSTOMERS) {
      const calls = api.fake.callsTo(chatId).map((c) => [c.method, c.payload.photo, c.payload.caption]);
      expect(calls).toEqual([
        ['sendPhoto', 'photo', 'New &lt;teas&gt;'],
        ['sendPhoto', 'photo', undefined],
        ['sendMessage', undefined, undefined],
      ]);
      expect(api.fake.lastText(chatId)).toBe(long);
    }
    const missing = await shop.run(['broadcast', 'send', 'x', '--photo', `${photo}.missing`, '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file');
  });

  it('with --wait follows the bot’s delivery and ends with the final report', async () => {
    api.fake.reset();
    api.fake.fail({
      method: 'sendMessage',
      chatId: CUSTOMERS[1],
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const worker = startWorker();
    try {
      const sent = await shop.run(['broadcast', 'send', 'Closed on Monday', '--wait', '--yes', '--json']);
      expect(sent.code).toBe(0);
      expect(sent.json()).toMatchObject({ recipients: 3, delivered: 2, blocked: 1, failed: 0, pending: 0 });
    } finally {
      await worker.stop();
    }
    const queuedOnly = await shop.run(['broadcast', 'send', 'Open again', '--no-wait', '--yes', '--json']);
    // CUSTOMERS[1] blocked the bot and is skipped now.
    expect(queuedOnly.json()).toMatchObject({ recipients: 2, delivered: 0, pending: 2 });
  });

  it('resume --wait queues what a crash left and follows it to the final report', async () => {
    await deliverAll();
    // A send that died before queueing anything.
    const id = await shop.services.broadcasts.create('Back on Tuesday', false, { audience: 'all' });
    const worker = startWorker();
    try {
      const resumed = await shop.run(['broadcast', 'resume', String(id), '--wait', '--json']);
      expect(resumed.code).toBe(0);
      expect(resumed.json()).toEqual([
        expect.objectContaining({ id, status: 'queued', recipients: 2, delivered: 2, pending: 0 }),
      ]);
    } finally {
      await worker.stop();
    }
    expect(api.fake.lastText(CUSTOMERS[2])).toBe('Back on Tuesday');
  });
});
