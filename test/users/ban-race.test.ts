import { describe, expect, it } from 'vitest';
import { databaseName, latestDeadlock, untilLockWaits } from '../support/lock-waits.js';
import {
  grantBonus,
  liftOrderLimits,
  newCustomer,
  newProduct,
  orderOf,
  productRow,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop(async (created) => {
  ({ t, shop } = created);
  await liftOrderLimits(shop);
});

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };
const settle = (work: Promise<unknown>): Promise<Outcome> =>
  work.then(
    (value): Outcome => ({ ok: true, value }),
    (error: Error): Outcome => ({ ok: false, message: error.message }),
  );

/**
 * A ban (which must fence off checkouts through the user's row) and the customer's own cancel of a bonus order
 * (order row, then the user's for the refund) both start while the test holds the order's lock, queued in the
 * given order, so they really collide. Either may win; neither may deadlock, and the order is cancelled once.
 */
describe('a ban racing the customer cancelling their own order', () => {
  it.each([true, false])(
    'takes locks in one order, no deadlock; the cancel queued first: %s',
    async (cancelFirst) => {
      const user = await newCustomer(shop);
      await grantBonus(shop, user, 300);
      const product = await newProduct(shop, { stock: 5, price: 1000 });
      const order = await orderOf(shop, user, product.id, 2, 'cod', 'all');
      const deadlockBefore = await latestDeadlock(t);

      let cancel!: Promise<Outcome>;
      let ban!: Promise<Outcome>;
      const startCancel = () => (cancel = settle(shop.services.orders.cancelByCustomer(user, order.code)));
      const startBan = () => (ban = settle(shop.services.users.ban(user)));
      await t.db.transaction().execute(async (trx) => {
        await trx.selectFrom('orders').select('id').where('id', '=', order.id).forUpdate().execute();
        (cancelFirst ? startCancel : startBan)();
        await untilLockWaits(t, 1);
        (cancelFirst ? startBan : startCancel)();
        await untilLockWaits(t, 2);
      });
      const outcomes = { cancel: await cancel, ban: await ban };

      const deadlock = await latestDeadlock(t);
      if (deadlock !== deadlockBefore) expect(deadlock).not.toContain(databaseName(t));
      expect(outcomes.ban).toMatchObject({ ok: true });
      const cancelledByBan = (outcomes.ban as { value: { cancelled_orders: string[] } }).value
        .cancelled_orders;
      // InnoDB need not grant a released lock in queue order: whoever got the order first cancelled it.
      if (outcomes.cancel.ok) {
        expect(cancelledByBan).toEqual([]);
      } else {
        expect(outcomes.cancel).toEqual({
          ok: false,
          message: `Order ${order.code} is cancelled and cannot be cancelled by you.`,
        });
        expect(cancelledByBan).toEqual([order.code]);
      }
      expect((await shop.services.orders.get(order.code)).status).toBe('cancelled');
      expect(await productRow(shop, product.id)).toMatchObject({ stock_quantity: 5, reserved_quantity: 0 });
      expect(await shop.services.bonus.balance(user)).toBe(300);
    },
  );

  it('does not wait, holding the user, for an order placed after its first look: it starts again', async () => {
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 300);
    const product = await newProduct(shop, { stock: 5, price: 1000 });
    const order = await orderOf(shop, user, product.id, 1, 'cod', 'all');
    await shop.services.orders.confirm(order.code, { notify: false });
    const deadlockBefore = await latestDeadlock(t);

    let ban!: Promise<Outcome>;
    let cancel!: Promise<Outcome>;
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom('users').select('id').where('id', '=', user).forUpdate().execute();
      ban = settle(shop.services.users.ban(user));
      await untilLockWaits(t, 1);
      // Stands for an order a checkout committed between the ban's first look and its lock on the user (no
      // checkout can run while the test holds that row): the ban has not locked it.
      await t.db.updateTable('orders').set({ status: 'reserved' }).where('id', '=', order.id).execute();
      // The customer cancels it: order row first, then (for the bonus refund) the user's, behind the ban.
      cancel = settle(shop.services.orders.cancelByCustomer(user, order.code));
      await untilLockWaits(t, 2);
    });

    // Which of the two cancels the order is the race's to decide (InnoDB grants the user's row in its own order);
    // what must hold is that exactly one does, the other ends cleanly, and nothing deadlocks.
    const [cancelled, banned] = [await cancel, await ban];
    expect(banned, JSON.stringify(banned)).toMatchObject({ ok: true });
    const banCancelled = (banned as { value: { cancelled_orders: string[] } }).value.cancelled_orders;
    if (cancelled.ok) expect(banCancelled).toEqual([]);
    else {
      expect(cancelled.message).toMatch(/is cancelled/);
      expect(banCancelled).toEqual([order.code]);
    }
    const deadlock = await latestDeadlock(t);
    if (deadlock !== deadlockBefore) expect(deadlock).not.toContain(databaseName(t));
    expect((await shop.services.orders.get(order.code)).status).toBe('cancelled');
    expect(await productRow(shop, product.id)).toMatchObject({ stock_quantity: 5, reserved_quantity: 0 });
    expect(await shop.services.bonus.balance(user)).toBe(300);
  });
});
