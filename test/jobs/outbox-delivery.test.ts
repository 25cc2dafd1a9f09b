import { describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notifications/notifications.repository.js';
import type { NotificationPayloads } from '../../src/notifications/notifications.schemas.js';
import { createHarness, type Harness } from '../bot/harness.js';
import { ADMIN_ID, OWNER_ID, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useTestShop(async (created) => {
  ({ t, shop } = created);
  await shop.services.settings.set('reference_codes_enabled', 'false');
  h = createHarness(shop);
});

const outbox = () => t.db.selectFrom('notification_outbox').selectAll().orderBy('id').execute();

/** An order_placed notification for a cart of 60 long-named products: about 13,000 characters. */
function bigOrder(code: string): NotificationPayloads['order_placed'] {
  return {
    code,
    customer: { telegram_id: 1, username: null, name: 'Big Spender' },
    items: Array.from({ length: 60 }, (_, i) => ({
      product: `Product ${i} ${'with a very long name '.repeat(9)}`.slice(0, 200),
      quantity: 1,
      unit_price: 100,
    })),
    subtotal: 6000,
    bonus_applied: 0,
    total: 6000,
    currency: 'USD',
    payment_method: 'cod',
    delivery_address: '1 Test Street',
    phone: '+15550100000',
    note: null,
    reserved_until: shop.clock.inHours(24).toISOString(),
  };
}

describe('outbox delivery', () => {
  it('sends a text over 4,096 characters in parts, in order, all within the limit', async () => {
    await t.db.deleteFrom('notification_outbox').execute();
    h.fake.reset();
    await enqueueNotification(t.db, shop.clock.now(), OWNER_ID, 'order_placed', bigOrder('SPLITA'));
    expect(await h.worker.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const parts = h.fake.callsTo(OWNER_ID, 'sendMessage');
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((c) => c.failed === undefined)).toBe(true);
    const text = parts.map((c) => String(c.payload.text)).join('\n');
    expect(text).toContain('New order SPLITA');
    expect(text).toContain('Product 0 with');
    expect(text).toContain('Product 59 with');
    expect(text.trimEnd().endsWith('<code>shopctl order confirm SPLITA</code>')).toBe(true);
    expect((await outbox()).map((r) => [r.status, r.parts_sent])).toEqual([['sent', parts.length]]);
  });

  it('after a failed part, resumes with the next part and never repeats one Telegram accepted', async () => {
    await t.db.deleteFrom('notification_outbox').execute();
    h.fake.reset();
    await enqueueNotification(t.db, shop.clock.now(), OWNER_ID, 'order_placed', bigOrder('SPLITB'));
    // The first part goes through, then Telegram answers 502 once.
    let calls = 0;
    const original = h.fake.handle.bind(h.fake);
    h.fake.handle = (method, payload) => {
      if (method === 'sendMessage' && ++calls === 2)
        h.fake.fail({ method, error_code: 502, description: 'Bad Gateway', times: 1 });
      return original(method, payload);
    };
    expect(await h.worker.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await outbox()).map((r) => [r.status, r.parts_sent])).toEqual([['pending', 1]]);
    shop.clock.advanceHours(1);
    expect(await h.worker.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const accepted = h.fake.callsTo(OWNER_ID, 'sendMessage').filter((c) => c.failed === undefined);
    const texts = accepted.map((c) => String(c.payload.text));
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts[0]).toContain('New order SPLITB');
    expect((await outbox())[0]?.parts_sent).toBe(texts.length);
  });

  it('stops writing to a customer who blocked the bot until they write again', async () => {
    await t.db.deleteFrom('notification_outbox').execute();
    await t.db.deleteFrom('shop_alerts').execute();
    h.fake.reset();
    const chat = h.chat(88_001);
    await chat.send('/start');
    h.fake.fail({
      method: 'sendMessage',
      chatId: chat.id,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
      times: 1,
    });
    await enqueueNotification(t.db, shop.clock.now(), chat.id, 'order_delivered', { code: 'BLOCKA' });
    await enqueueNotification(t.db, shop.clock.now(), chat.id, 'order_delivered', { code: 'BLOCKB' });
    h.fake.reset();
    expect(await h.worker.runOnce()).toEqual({ sent: 0, failed: 2, retried: 0 });
    // One call found out; the second message was not even tried, and no staff alert for a customer's choice.
    expect(h.fake.callsTo(undefined, 'sendMessage')).toHaveLength(1);
    expect((await outbox()).map((r) => r.last_error)).toEqual([
      '403: Forbidden: bot was blocked by the user',
      'the recipient has blocked the bot',
    ]);
    const blocked = () =>
      t.db.selectFrom('users').select('blocked_bot_at').where('id', '=', chat.id).executeTakeFirstOrThrow();
    expect((await blocked()).blocked_bot_at).not.toBeNull();

    await chat.send('/menu');
    expect((await blocked()).blocked_bot_at).toBeNull();
    await enqueueNotification(t.db, shop.clock.now(), chat.id, 'order_delivered', { code: 'BLOCKC' });
    expect(await h.worker.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(h.fake.lastText(chat.id)).toContain('BLOCKC');
  });

  it('alerts the staff once when messages start failing, and again only after a retry re-armed it', async () => {
    await t.db.deleteFrom('notification_outbox').execute();
    await t.db.deleteFrom('shop_alerts').execute();
    h.fake.reset();
    const gone = [89_001, 89_002, 89_003];
    for (const chatId of gone) {
      h.fake.fail({
        method: 'sendMessage',
        chatId,
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
    }
    const alerts = () => h.fake.texts(OWNER_ID).filter((text) => text.includes('have started failing'));
    for (const chatId of gone.slice(0, 2))
      await enqueueNotification(t.db, shop.clock.now(), chatId, 'order_delivered', { code: 'GONEAA' });
    await h.worker.runOnce();
    await enqueueNotification(t.db, shop.clock.now(), gone[2] as number, 'order_delivered', {
      code: 'GONEBB',
    });
    await h.worker.runOnce();
    expect(alerts()).toHaveLength(1);
    expect(h.fake.texts(ADMIN_ID).filter((text) => text.includes('have started failing'))).toHaveLength(1);

    expect(await shop.services.notifications.retry('all-failed')).toBe(3);
    await h.worker.runOnce();
    expect(alerts()).toHaveLength(2);
  });
});
