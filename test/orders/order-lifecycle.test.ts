import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  OutOfStockError,
  ValidationError,
} from '../../src/shared/errors.js';
import {
  grantBonus,
  liftOrderLimits,
  newCustomer,
  newProduct,
  OWNER_ID,
  orderOf,
  productRow,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

const notifications = (chatId: number) =>
  t.db
    .selectFrom('notification_outbox')
    .select(['kind', 'payload'])
    .where('chat_id', '=', chatId)
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => ({ kind: r.kind, ...JSON.parse(r.payload) })));

async function stock(productId: number) {
  const row = await productRow(shop, productId);
  return [row.stock_quantity, row.reserved_quantity];
}

describe('order lifecycle', () => {
  it('confirms with a delivery time, then delivers: stock leaves, totals grow, the customer is told', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 5, price: 1000 });
    const order = await orderOf(shop, user, product.id, 2);
    const when = shop.clock.inHours(51);
    const confirmed = await shop.services.orders.confirm(order.code.toLowerCase(), { deliveryTime: when });
    expect(confirmed).toMatchObject({ status: 'confirmed', delivery_time: when });
    expect(await stock(product.id)).toEqual([5, 2]);
    const delivered = await shop.services.orders.deliver(order.code);
    expect(delivered.status).toBe('delivered');
    expect(await stock(product.id)).toEqual([3, 0]);
    expect(await shop.services.users.summary(user)).toMatchObject({ total_spent: 2000, completed_orders: 1 });
    expect((await notifications(user)).map((n) => n.kind)).toEqual(['order_confirmed', 'order_delivered']);
    expect((await notifications(user))[0]).toMatchObject({
      code: order.code,
      delivery_time: when.toISOString(),
    });
    const history = await shop.services.orders.history(order.code);
    expect(history.map((h) => h.to_status)).toEqual(['reserved', 'confirmed', 'delivered']);
  });

  it('refuses illegal transitions with a typed error naming the status', async () => {
    const user = await newCustomer(shop);
    const order = await orderOf(shop, user, (await newProduct(shop)).id);
    await expect(shop.services.orders.deliver(order.code)).rejects.toThrow(InvalidTransitionError);
    await expect(shop.services.orders.deliver(order.code)).rejects.toThrow(
      `Order ${order.code} is reserved and cannot be delivered.`,
    );
    await shop.services.orders.cancel(order.code, { reason: 'customer called' });
    await expect(shop.services.orders.confirm(order.code)).rejects.toThrow(
      /is cancelled and cannot be confirmed/,
    );
    await expect(shop.services.orders.cancel(order.code)).rejects.toThrow(
      /is cancelled and cannot be cancelled/,
    );
    await expect(shop.services.orders.confirm('ZZZZZZ')).rejects.toThrow(NotFoundError);
    await expect(
      shop.services.orders.confirm((await orderOf(shop, user, (await newProduct(shop)).id)).code, {
        deliveryTime: shop.clock.inHours(-1),
      }),
    ).rejects.toThrow(/future/);
  });

  it('cancels a confirmed order: releases stock, refunds bonus, records the reason', async () => {
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 300);
    const product = await newProduct(shop, { stock: 4, price: 1000 });
    const order = await orderOf(shop, user, product.id, 3, 'cod', 'all');
    await shop.services.orders.confirm(order.code);
    const cancelled = await shop.services.orders.cancel(order.code, { reason: 'out of area', notify: false });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'out of area' });
    expect(await stock(product.id)).toEqual([4, 0]);
    expect(await shop.services.bonus.balance(user)).toBe(300);
    expect((await notifications(user)).map((n) => n.kind)).toEqual(['order_confirmed']);
  });

  it('lets a customer cancel only their own reserved order', async () => {
    const user = await newCustomer(shop);
    const stranger = await newCustomer(shop);
    const order = await orderOf(shop, user, (await newProduct(shop)).id);
    await expect(shop.services.orders.cancelByCustomer(stranger, order.code)).rejects.toThrow(NotFoundError);
    await expect(shop.services.orders.getForCustomer(stranger, order.code)).rejects.toThrow(NotFoundError);
    await shop.services.orders.confirm(order.code);
    await expect(shop.services.orders.cancelByCustomer(user, order.code)).rejects.toThrow(
      InvalidTransitionError,
    );
    const other = await orderOf(shop, user, (await newProduct(shop)).id);
    expect((await shop.services.orders.cancelByCustomer(user, other.code)).status).toBe('cancelled');
  });

  it('delivers once when delivered twice at the same time: one deduction, one referral credit', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    await shop.services.settings.set('reference_bonus_percent', '10');
    const referrer = await newCustomer(shop);
    const code = await shop.services.refcodes.create({ creatorId: referrer });
    const buyer = await newCustomer(shop, { referrerCode: code.code });
    const product = await newProduct(shop, { stock: 5, price: 1999 });
    const order = await orderOf(shop, buyer, product.id, 1);
    await shop.services.orders.confirm(order.code);
    const results = await Promise.allSettled([
      shop.services.orders.deliver(order.code),
      shop.services.orders.deliver(order.code),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(InvalidTransitionError);
    expect(await stock(product.id)).toEqual([4, 0]);
    // 10% of 19.99 rounds down to 1.99
    expect(await shop.services.bonus.balance(referrer)).toBe(199);
    expect((await notifications(referrer)).filter((n) => n.kind === 'bonus_credited')).toEqual([
      { kind: 'bonus_credited', amount: 199, balance: 199, currency: 'USD', order_code: order.code },
    ]);
    await shop.services.settings.set('reference_bonus_percent', '0');
  });

  it('credits the referrer on what was actually paid, after bonus', async () => {
    await shop.services.settings.set('reference_bonus_percent', '50');
    const referrer = await newCustomer(shop);
    const code = await shop.services.refcodes.create({ creatorId: referrer });
    const buyer = await newCustomer(shop, { referrerCode: code.code });
    await grantBonus(shop, buyer, 400);
    const order = await orderOf(shop, buyer, (await newProduct(shop, { price: 1000 })).id, 1, 'cod', 'all');
    await shop.services.orders.confirm(order.code);
    await shop.services.orders.deliver(order.code);
    expect(await shop.services.bonus.balance(referrer)).toBe(300);
    await shop.services.settings.set('reference_bonus_percent', '0');
  });
});

describe('expiry', () => {
  it('expires only reserved orders past their deadline, releasing stock and refunding bonus', async () => {
    await liftOrderLimits(shop);
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 100);
    const product = await newProduct(shop, { stock: 3, price: 500 });
    const due = await orderOf(shop, user, product.id, 1, 'cod', 'all');
    const confirmed = await orderOf(shop, user, product.id, 1);
    await shop.services.orders.confirm(confirmed.code);
    shop.clock.advanceHours(23);
    const fresh = await orderOf(shop, user, product.id, 1);
    shop.clock.advanceHours(2);
    const pass = await shop.services.orders.expireDue();
    expect(pass.ran).toBe(true);
    expect(pass.expired).toContain(due.code);
    expect(pass.expired).not.toContain(confirmed.code);
    expect(pass.expired).not.toContain(fresh.code);
    expect((await shop.services.orders.get(due.code)).status).toBe('expired');
    expect((await shop.services.orders.get(confirmed.code)).status).toBe('confirmed');
    expect((await shop.services.orders.get(fresh.code)).status).toBe('reserved');
    expect(await stock(product.id)).toEqual([3, 2]);
    expect(await shop.services.bonus.balance(user)).toBe(100);
    expect((await notifications(user)).filter((n) => n.kind === 'order_expired')).toEqual([
      { kind: 'order_expired', code: due.code, bonus_refunded: 100, currency: 'USD' },
    ]);
    expect((await shop.services.orders.expireDue()).expired).toEqual([]);
  });

  it('has one winner when expiry races an owner cancel: one release, one refund', async () => {
    for (let round = 0; round < 5; round++) {
      const user = await newCustomer(shop);
      await grantBonus(shop, user, 200);
      const product = await newProduct(shop, { stock: 2, price: 1000 });
      const order = await orderOf(shop, user, product.id, 2, 'cod', 'all');
      shop.clock.advanceHours(25);
      const [expiry, cancel] = await Promise.allSettled([
        shop.services.orders.expireDue(),
        shop.services.orders.cancel(order.code, { reason: 'race' }),
      ]);
      const final = await shop.services.orders.get(order.code);
      const expired = expiry.status === 'fulfilled' && expiry.value.expired.includes(order.code);
      const cancelled = cancel.status === 'fulfilled';
      expect(expired !== cancelled).toBe(true);
      expect(final.status).toBe(expired ? 'expired' : 'cancelled');
      if (!cancelled) expect((cancel as PromiseRejectedResult).reason).toBeInstanceOf(InvalidTransitionError);
      expect(await stock(product.id)).toEqual([2, 0]);
      expect(await shop.services.bonus.balance(user)).toBe(200);
      const releases = await t.db
        .selectFrom('inventory_log')
        .select('id')
        .where('order_id', '=', order.id)
        .where('kind', '=', 'release')
        .execute();
      expect(releases).toHaveLength(1);
    }
  });

  it('runs one pass at a time per shop: a pass finding another one running returns at once', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop);
    // What another process's pass does: it holds the shop's "expiry" lease row (for a minute, or lapsed).
    const hold = (conn: Connection, until: 'in a minute' | 'lapsed') => {
      const expires = until === 'lapsed' ? '- interval 1 second' : '+ interval 1 minute';
      return conn.query(
        `insert into job_leases (name, holder, expires_at)
         values ('expiry', 'another process', utc_timestamp(3) ${expires})
         on duplicate key update holder = values(holder), expires_at = values(expires_at)`,
      );
    };
    // A pass of another shop on the same server, and later one of this shop in another process.
    const other = await createTestDatabase({ connectionLimit: 1 });
    const otherPass = await createConnection({ uri: other.url });
    const ownPass = await createConnection({ uri: t.url });
    try {
      await hold(otherPass, 'in a minute');
      const first = await orderOf(shop, user, product.id);
      shop.clock.advanceHours(25);
      const unblocked = await shop.services.orders.expireDue();
      expect(unblocked.ran).toBe(true);
      expect(unblocked.expired).toContain(first.code);

      await hold(ownPass, 'in a minute');
      const second = await orderOf(shop, user, product.id);
      shop.clock.advanceHours(25);
      expect(await shop.services.orders.expireDue()).toEqual({ ran: false, expired: [] });
      expect((await shop.services.orders.get(second.code)).status).toBe('reserved');

      // The other process died without giving the lease back: once it lapses, the next pass takes over.
      await hold(ownPass, 'lapsed');
      expect(await shop.services.orders.expireDue()).toEqual({ ran: true, expired: [second.code] });
      const [rows] = await ownPass.query<RowDataPacket[]>(
        `select holder, expires_at <= utc_timestamp(3) as free from job_leases where name = 'expiry'`,
      );
      expect(rows[0]?.holder).not.toBe('another process');
      expect(rows[0]?.free).toBe(1);
    } finally {
      await Promise.all([otherPass.end(), ownPass.end()]);
      await other.drop();
    }
  });

  it('expires in batches and sends the staff one summary per batch', async () => {
    await liftOrderLimits(shop);
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 10 });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await orderOf(shop, user, product.id)).code);
    shop.clock.advanceHours(25);
    const summariesBefore = (await notifications(OWNER_ID)).length;
    const pass = await shop.services.orders.expireDue({ batchSize: 2 });
    expect([...pass.expired].sort()).toEqual([...codes].sort());
    expect(await stock(product.id)).toEqual([10, 0]);
    const summaries = (await notifications(OWNER_ID)).slice(summariesBefore);
    expect(summaries.map((s) => [s.kind, s.codes.length])).toEqual([
      ['orders_expired_summary', 2],
      ['orders_expired_summary', 2],
      ['orders_expired_summary', 1],
    ]);
    expect(summaries.flatMap((s) => s.codes).sort()).toEqual([...codes].sort());
  });
});

describe('changing an open order', () => {
  it('adds and removes items, adjusting reservations and totals, and tells the customer', async () => {
    const user = await newCustomer(shop);
    const a = await newProduct(shop, { stock: 5, price: 1000 });
    const b = await newProduct(shop, { stock: 5, price: 250 });
    const order = await orderOf(shop, user, a.id, 1);
    let changed = await shop.services.orders.addItem(order.code, b.name, 2);
    expect([changed.subtotal, changed.total]).toEqual([1500, 1500]);
    expect(await stock(b.id)).toEqual([5, 2]);
    changed = await shop.services.orders.addItem(order.code, a.id, 1);
    expect(changed.items.find((i) => i.product_id === a.id)?.quantity).toBe(2);
    changed = await shop.services.orders.removeItem(order.code, b.id, 1);
    expect(changed.total).toBe(2250);
    changed = await shop.services.orders.removeItem(order.code, b.id);
    expect(changed.items.map((i) => i.product_id)).toEqual([a.id]);
    expect(await stock(b.id)).toEqual([5, 0]);
    await expect(shop.services.orders.removeItem(order.code, a.id)).rejects.toThrow(ConflictError);
    await expect(shop.services.orders.addItem(order.code, b.id, 6)).rejects.toThrow(OutOfStockError);
    await expect(shop.services.orders.removeItem(order.code, a.id, 5)).rejects.toThrow(ValidationError);
    expect((await notifications(user)).filter((n) => n.kind === 'order_items_changed')).toHaveLength(4);
  });

  it('refunds bonus that no longer fits the smaller subtotal', async () => {
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 1000);
    const a = await newProduct(shop, { price: 600 });
    const b = await newProduct(shop, { price: 400 });
    await shop.services.cart.setQuantity(user, a.id, 1);
    await shop.services.cart.setQuantity(user, b.id, 1);
    const order = await shop.services.orders.place({
      userId: user,
      paymentMethod: 'cod',
      address: '1 Test Street',
      phone: '+15550100000',
      bonus: 'all',
    });
    expect(order.bonus_applied).toBe(1000);
    const changed = await shop.services.orders.removeItem(order.code, a.id);
    expect([changed.subtotal, changed.bonus_applied, changed.total]).toEqual([400, 400, 0]);
    expect(await shop.services.bonus.balance(user)).toBe(600);
    await shop.services.orders.cancel(order.code);
    expect(await shop.services.bonus.balance(user)).toBe(1000);
  });

  it('reschedules delivery of open orders only', async () => {
    const user = await newCustomer(shop);
    const order = await orderOf(shop, user, (await newProduct(shop)).id);
    const when = new Date(shop.clock.now().getTime() + 48 * 3_600_000);
    expect((await shop.services.orders.setDeliveryTime(order.code, when)).delivery_time).toEqual(when);
    expect((await notifications(user)).at(-1)).toMatchObject({
      kind: 'delivery_time_changed',
      delivery_time: when.toISOString(),
    });
    await shop.services.orders.cancel(order.code);
    await expect(shop.services.orders.setDeliveryTime(order.code, when)).rejects.toThrow(
      InvalidTransitionError,
    );
  });
});
