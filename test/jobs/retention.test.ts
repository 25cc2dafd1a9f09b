import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { runRetention } from '../../src/jobs/retention.js';
import { newCustomer, newProduct, orderOf, type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop(async (created) => {
  shop = created.shop;
});

const NEW_CUSTOMERS_A_DAY = 4;
const SENT_A_DAY = 12;
const UPDATES_A_DAY = 20;
/** Telegram resends an update within a day; claims are kept two. */
const UPDATE_CLAIM_DAYS = 2;
const config = createConfig({});

type Counted = 'notification_outbox' | 'bot_sessions' | 'cart_items' | 'users' | 'orders' | 'webhook_updates';
async function count(table: Counted) {
  const row = await shop.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One day of traffic at the test clock's time: new customers with a session and a cart line, messages sent. */
async function simulateDay(day: number, productId: number) {
  const now = shop.clock.now();
  const ids = Array.from({ length: NEW_CUSTOMERS_A_DAY }, (_, i) => 5_000_000 + day * 100 + i);
  await shop.db
    .insertInto('users')
    .values(ids.map((id) => ({ id, username: `y${id}` })))
    .execute();
  await shop.db
    .insertInto('bot_sessions')
    .values(ids.map((id) => ({ key: String(id), value: '{"awaitingHelp":true}', updated_at: now })))
    .execute();
  await shop.db
    .insertInto('cart_items')
    .values(ids.map((id) => ({ user_id: id, product_id: productId, quantity: 1, added_at: now })))
    .execute();
  const message = (status: 'sent' | 'failed') => ({
    chat_id: ids[0] as number,
    kind: 'order_status',
    payload: '{}',
    status,
    attempts: 1,
    next_attempt_at: now,
    created_at: now,
    sent_at: status === 'sent' ? now : null,
    last_error: status === 'failed' ? '403: blocked' : null,
  });
  await shop.db
    .insertInto('webhook_updates')
    .values(
      Array.from({ length: UPDATES_A_DAY }, (_, i) => ({
        update_id: day * UPDATES_A_DAY + i,
        holder: 'a-process',
        claimed_at: now,
        expires_at: now,
        finished_at: now,
      })),
    )
    .execute();
  await shop.db
    .insertInto('notification_outbox')
    .values([...Array.from({ length: SENT_A_DAY }, () => message('sent')), message('failed')])
    .execute();
}

describe('the retention job', () => {
  it('keeps a simulated year of traffic bounded, and touches nothing else', async () => {
    const product = await newProduct(shop, { stock: 100 });
    const buyer = await newCustomer(shop);
    await orderOf(shop, buyer, product.id, 1);
    // The order's notifications to staff are still pending: pending rows are never pruned.
    const [users, orders, outbox] = [
      await count('users'),
      await count('orders'),
      await count('notification_outbox'),
    ];

    for (let day = 0; day < 365; day++) {
      shop.clock.advanceHours(24);
      await simulateDay(day, product.id);
      const pass = await runRetention({ db: shop.db, clock: shop.clock, config });
      expect(pass.ran).toBe(true);
    }

    // Each table holds at most its retention window (plus the day in progress) of traffic.
    expect(await count('notification_outbox')).toBe(
      outbox + SENT_A_DAY * (config.retentionOutboxDays + 1) + 365,
    );
    expect(await count('bot_sessions')).toBe(NEW_CUSTOMERS_A_DAY * (config.retentionSessionDays + 1));
    expect(await count('cart_items')).toBe(NEW_CUSTOMERS_A_DAY * (config.retentionCartDays + 1));
    expect(await count('webhook_updates')).toBe(UPDATES_A_DAY * (UPDATE_CLAIM_DAYS + 1));
    // Failed deliveries, customers and orders are kept.
    const failed = await shop.db
      .selectFrom('notification_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(Number(failed.n)).toBe(365);
    expect(await count('users')).toBe(users + 365 * NEW_CUSTOMERS_A_DAY);
    expect(await count('orders')).toBe(orders);
  }, 180_000);
});
