import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { backoffSeconds, createOutboxApi, createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { enqueueNotification } from '../../src/notifications/notifications.repository.js';
import type {
  NotificationKind,
  NotificationPayloads,
} from '../../src/notifications/notifications.schemas.js';
import { FAKE_TOKEN, type FakeBotApiServer, FakeTelegram, startFakeBotApi } from '../support/fake-bot-api.js';
import { ADMIN_ID, createTestShop, newProduct, OWNER_ID, orderOf, type TestShop } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
const config = createConfig({
  BOT_TOKEN: FAKE_TOKEN,
  OWNER_ID: String(OWNER_ID),
  ADMIN_IDS: String(ADMIN_ID),
});
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  t = await createTestDatabase();
  shop = createTestShop(t.db);
  await shop.services.settings.set('reference_codes_enabled', 'false');
});
afterAll(() => t.drop());

const servers: FakeBotApiServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

/** A worker with the API client production uses, talking HTTP to a fake Bot API of its own. */
async function worker(fake = new FakeTelegram(), options = {}) {
  const server = await startFakeBotApi(FAKE_TOKEN, fake);
  servers.push(server);
  const api = createOutboxApi(createConfig({ BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: server.url }));
  return { fake, worker: createOutboxWorker({ api, services: shop.services, config, logger }, options) };
}

async function clearOutbox() {
  await t.db.deleteFrom('notification_outbox').execute();
}

const rows = () => t.db.selectFrom('notification_outbox').selectAll().orderBy('id').execute();

describe('rendering', () => {
  it('tells the staff about a new order with the exact shopctl command', async () => {
    await clearOutbox();
    const customer = 80_001;
    await shop.services.users.join({ telegramId: customer, firstName: 'Zoë <Z>', username: 'zoe' });
    const product = await newProduct(shop, { price: 1250 });
    const order = await orderOf(shop, customer, product.id, 2);
    const { fake, worker: w } = await worker();
    expect(await w.runOnce()).toEqual({ sent: 2, failed: 0, retried: 0 });
    for (const staff of [OWNER_ID, ADMIN_ID]) {
      const text = fake.callsTo(staff, 'sendMessage')[0]?.payload.text as string;
      expect(text).toContain(`New order ${order.code}`);
      expect(text).toContain('Customer: Zoë &lt;Z&gt; @zoe (id <code>80001</code>)');
      expect(text).toContain(`• ${product.name} × 2 = $25.00`);
      expect(text).toContain('Total: <b>$25.00</b>');
      expect(text).toContain(`<code>shopctl order confirm ${order.code}</code>`);
      expect(fake.callsTo(staff, 'sendMessage')[0]?.payload.parse_mode).toBe('HTML');
    }
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('writes in the recipient’s language and renders every kind without a missing key', async () => {
    await clearOutbox();
    const ru = 80_002;
    await shop.services.users.join({ telegramId: ru, firstName: 'Иван', languageCode: 'ru' });
    const samples: { [K in NotificationKind]: NotificationPayloads[K] } = {
      order_placed: {
        code: 'ABCDEF',
        customer: { telegram_id: 1, username: null, name: 'X' },
        items: [{ product: 'Tea', quantity: 1, unit_price: 100 }],
        subtotal: 100,
        bonus_applied: 50,
        total: 50,
        currency: 'USD',
        payment_method: 'btc',
        delivery_address: 'A',
        phone: '+1555',
        note: 'n',
        reserved_until: '2026-11-22T12:00:00.000Z',
      },
      order_confirmed: { code: 'ABCDEF', delivery_time: '2026-11-23T15:00:00.000Z' },
      order_delivered: { code: 'ABCDEF' },
      order_cancelled: { code: 'ABCDEF', reason: 'out of <stock>', by_customer: false },
      order_expired: { code: 'ABCDEF', bonus_refunded: 250, currency: 'USD' },
      order_items_changed: {
        code: 'ABCDEF',
        total: 999,
        currency: 'USD',
        btc: { address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', amount_sats: 12_345 },
      },
      payment_seen: { code: 'ABCDEF', received_sats: 1000 },
      payment_underpaid: {
        code: 'ABCDEF',
        address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
        received_sats: 1000,
        missing_sats: 500,
      },
      payment_received: { code: 'ABCDEF', received_sats: 2000, amount_sats: 1500, excess_sats: 500 },
      payment_dropped: { code: 'ABCDEF' },
      payment_late: { code: 'ABCDEF', status: 'expired', received_sats: 1500 },
      btc_rate_stale: { set_at: '2026-11-20T12:00:00.000Z', max_age_hours: 24 },
      delivery_time_changed: { code: 'ABCDEF', delivery_time: '2026-11-23T15:00:00.000Z' },
      user_banned: { reason: 'spam' },
      user_unbanned: {},
      ban_orders_cancelled: { codes: ['ABCDEF'] },
      bonus_credited: { amount: 100, balance: 300, currency: 'USD', order_code: 'ABCDEF' },
      orders_expired_summary: { codes: ['ABCDEF', 'GHIJKL'] },
      btc_pool_low: { available: 2, threshold: 5 },
      outbox_failing: { error: '502: Bad Gateway' },
      help_request: { from: { telegram_id: 5, username: 'u', name: 'N' }, text: 'hi', thread_id: 7 },
      staff_message: { text: 'Yes, <we> ship', thread_id: 7 },
      broadcast: { broadcast_id: 1, text: 'Sale <today>', html: false },
    };
    for (const [kind, payload] of Object.entries(samples)) {
      await enqueueNotification(t.db, shop.clock.now(), ru, kind as NotificationKind, payload as never);
    }
    const { fake, worker: w } = await worker(undefined, { batchSize: 50 });
    expect((await w.runOnce()).sent).toBe(Object.keys(samples).length);
    const texts = fake
      .callsTo(ru)
      .filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto')
      .map((c) => (c.payload.text ?? c.payload.caption) as string);
    for (const text of texts) expect(text).not.toMatch(/\{[a-z-]+\}/);
    expect(texts[1]).toBe('✅ Ваш заказ <b>ABCDEF</b> подтверждён.\nДоставка: <b>2026-11-23 15:00 (UTC)</b>');
    expect(texts[3]).toContain('Причина: out of &lt;stock&gt;');
    const underpaid = texts[Object.keys(samples).indexOf('payment_underpaid')];
    expect(underpaid).toContain('не хватает <code>0.000005</code> BTC');
    expect(underpaid).toContain('bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu?amount=0.000005');
    // Messages asking for a payment carry its QR code, the text as the caption.
    expect(fake.callsTo(ru, 'sendPhoto').map((c) => c.payload.caption)).toEqual([
      texts[Object.keys(samples).indexOf('order_items_changed')],
      underpaid,
    ]);

    await enqueueNotification(t.db, shop.clock.now(), OWNER_ID, 'help_request', {
      from: { telegram_id: 5, username: null, name: 'N' },
      text: '<&>'.repeat(1000),
    });
    await w.runOnce();
    const long = fake.callsTo(OWNER_ID, 'sendMessage').at(-1)?.payload.text as string;
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long).toMatch(/\n\n(&lt;|&amp;|&gt;)+…$/);
  });
});

describe('delivery outcomes', () => {
  it('gives up on 403 (blocked) and 400 at once, recording why, and alerts the staff once', async () => {
    await clearOutbox();
    await t.db.deleteFrom('shop_alerts').execute();
    await shop.services.users.join({ telegramId: 81_001, firstName: 'Blocker' });
    await enqueueNotification(t.db, shop.clock.now(), 81_001, 'order_delivered', { code: 'AAAAAA' });
    await enqueueNotification(t.db, shop.clock.now(), 81_002, 'order_delivered', { code: 'BBBBBB' });
    const { fake, worker: w } = await worker();
    fake.fail({
      method: 'sendMessage',
      chatId: 81_001,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    fake.fail({
      method: 'sendMessage',
      chatId: 81_002,
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
    // The two staff alerts about the 400 go out in the same pass; the blocked customer raises none.
    expect(await w.runOnce()).toEqual({ sent: 2, failed: 2, retried: 0 });
    expect((await rows()).map((r) => [r.chat_id, r.status, r.attempts, r.last_error])).toEqual([
      [81_001, 'failed', 1, '403: Forbidden: bot was blocked by the user'],
      [81_002, 'failed', 1, '400: Bad Request: chat not found'],
      [OWNER_ID, 'sent', 1, null],
      [ADMIN_ID, 'sent', 1, null],
    ]);
    expect(fake.callsTo(OWNER_ID, 'sendMessage')[0]?.payload.text).toContain(
      'Telegram messages from the shop have started failing. Last error: 400: Bad Request: chat not found',
    );
    const blocker = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', 81_001)
      .executeTakeFirstOrThrow();
    expect(blocker.blocked_bot_at).not.toBeNull();
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
  });

  it('retries other failures with backoff (or retry_after), then gives up after maxAttempts', async () => {
    await clearOutbox();
    await enqueueNotification(t.db, shop.clock.now(), 82_001, 'order_delivered', { code: 'CCCCCC' });
    await enqueueNotification(t.db, shop.clock.now(), 82_002, 'order_delivered', { code: 'DDDDDD' });
    const { fake, worker: w } = await worker(undefined, { maxAttempts: 3 });
    fake.fail({
      method: 'sendMessage',
      chatId: 82_001,
      error_code: 500,
      description: 'Internal Server Error',
    });
    fake.fail({
      method: 'sendMessage',
      chatId: 82_002,
      error_code: 429,
      description: 'Too Many Requests',
      retry_after: 120,
      times: 1,
    });
    const start = shop.clock.now().getTime();
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, retried: 2 });
    const [flaky, limited] = await rows();
    expect(flaky?.next_attempt_at.getTime()).toBe(start + backoffSeconds(1) * 1000);
    expect(limited?.next_attempt_at.getTime()).toBe(start + 120_000);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });

    shop.clock.advanceHours(1);
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0, retried: 1 });
    shop.clock.advanceHours(1);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect((await rows()).map((r) => [r.chat_id, r.status, r.attempts])).toEqual([
      [82_001, 'failed', 3],
      [82_002, 'sent', 2],
    ]);
    expect((await rows())[0]?.last_error).toContain('gave up after 3 attempts');
    expect(fake.callsTo(82_002, 'sendMessage')).toHaveLength(2);
  });

  it('never lets two workers send the same row, with real parallel connections', async () => {
    await clearOutbox();
    const recipients = Array.from({ length: 60 }, (_, i) => 83_000 + i);
    for (const chatId of recipients) {
      await enqueueNotification(t.db, shop.clock.now(), chatId, 'order_delivered', { code: 'EEEEEE' });
    }
    const workers = await Promise.all([1, 2, 3].map(() => worker(undefined, { batchSize: 4 })));
    await Promise.all(
      workers.map(async ({ worker: w }) => {
        for (;;) {
          const pass = await w.runOnce();
          if (pass.sent === 0) return;
        }
      }),
    );
    const sent = workers.flatMap(({ fake }) =>
      fake.callsTo(undefined, 'sendMessage').map((c) => Number(c.payload.chat_id)),
    );
    expect(sent.sort()).toEqual(recipients);
    expect(workers.filter(({ fake }) => fake.calls.length > 0).length).toBeGreaterThan(1);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('keeps a claimed row away from other workers until its lease (a minute) runs out', async () => {
    await clearOutbox();
    await enqueueNotification(t.db, shop.clock.now(), 84_001, 'order_delivered', { code: 'FFFFFF' });
    await enqueueNotification(t.db, shop.clock.now(), 84_002, 'order_delivered', { code: 'FFFFFF' });
    // A worker claims a row and dies: only that row waits, the other goes out at once.
    const claimed = await shop.services.notifications.claimNext();
    if (!claimed || claimed === 'paced') throw new Error('nothing was claimed');
    expect(claimed.attempts).toBe(1);
    const { fake, worker: w } = await worker();
    expect((await w.runOnce()).sent).toBe(1);
    expect((await w.runOnce()).sent).toBe(0);
    shop.clock.advanceHours(61 / 3600);
    expect((await w.runOnce()).sent).toBe(1);
    expect(fake.callsTo(84_001, 'sendMessage')).toHaveLength(1);
    // The first claimant comes back too late: its mark is refused.
    expect(await shop.services.notifications.markSent(claimed, 1)).toBe(false);
  });

  it('runs on its own when started, and stops cleanly', async () => {
    await clearOutbox();
    const { fake, worker: w } = await worker(undefined, { intervalMs: 20 });
    w.start();
    await enqueueNotification(t.db, shop.clock.now(), 85_001, 'order_delivered', { code: 'GGGGGG' });
    // Waits for the worker's own timer to send it; the deadline only ends a broken run.
    for (const deadline = Date.now() + 30_000; fake.calls.length === 0 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.stop();
    expect(fake.callsTo(85_001, 'sendMessage')).toHaveLength(1);
  });
});
