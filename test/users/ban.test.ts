import { describe, expect, it } from 'vitest';
import { BannedError } from '../../src/shared/errors.js';
import { randomAddresses } from '../support/btc-addresses.js';
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
useTestShop((created) => {
  ({ t, shop } = created);
});

const outbox = (chatId: number) =>
  t.db
    .selectFrom('notification_outbox')
    .select(['kind', 'payload'])
    .where('chat_id', '=', chatId)
    .orderBy('id')
    .execute();

const ordersOf = (userId: number) =>
  t.db.selectFrom('orders').select(['code', 'status']).where('user_id', '=', userId).orderBy('id').execute();

describe('banning a customer', () => {
  it('cancels their reserved orders in the same step: stock released, bonus refunded, told once', async () => {
    await liftOrderLimits(shop);
    await shop.services.btc.add(randomAddresses(2));
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 300);
    const product = await newProduct(shop, { stock: 5, price: 1000 });
    const withBonus = await orderOf(shop, user, product.id, 1, 'cod', 'all');
    const bitcoin = await orderOf(shop, user, product.id, 2, 'btc');
    const confirmed = await orderOf(shop, user, product.id, 1);
    await shop.services.orders.confirm(confirmed.code, { notify: false });
    const before = (await outbox(user)).length;

    await shop.services.users.ban(user, 'fraud', true);

    expect(await ordersOf(user)).toEqual([
      { code: withBonus.code, status: 'cancelled' },
      { code: bitcoin.code, status: 'cancelled' },
      { code: confirmed.code, status: 'confirmed' },
    ]);
    expect(await productRow(shop, product.id)).toMatchObject({ stock_quantity: 5, reserved_quantity: 1 });
    expect(await shop.services.bonus.balance(user)).toBe(300);
    // The address stays with its cancelled order: never handed to anyone again.
    const address = await t.db
      .selectFrom('btc_addresses')
      .select('order_id')
      .where('address', '=', bitcoin.btc_address as string)
      .executeTakeFirstOrThrow();
    expect(address.order_id).toBe(bitcoin.id);
    const told = (await outbox(user)).slice(before);
    expect(told.map((m) => [m.kind, JSON.parse(m.payload)])).toEqual([
      ['user_banned', { reason: 'fraud', cancelled_orders: [withBonus.code, bitcoin.code] }],
    ]);

    // Banning again changes nothing and tells nobody.
    await shop.services.users.ban(user, 'fraud', true);
    expect((await outbox(user)).slice(before)).toHaveLength(1);
  });

  it('tells the customer once about orders cancelled by a repeat ban or a ban without --notify', async () => {
    await liftOrderLimits(shop);
    const product = await newProduct(shop, { stock: 5 });
    const quiet = await newCustomer(shop);
    const held = await orderOf(shop, quiet, product.id, 1);
    const quietBefore = (await outbox(quiet)).length;
    await shop.services.users.ban(quiet);
    expect((await outbox(quiet)).slice(quietBefore).map((m) => [m.kind, JSON.parse(m.payload)])).toEqual([
      ['ban_orders_cancelled', { codes: [held.code] }],
    ]);

    // Banned by an older version that left the order reserved: the next ban finds and cancels it.
    const user = await newCustomer(shop);
    const leftover = await orderOf(shop, user, product.id, 2);
    await t.db.updateTable('users').set({ banned_at: shop.clock.now() }).where('id', '=', user).execute();
    const before = (await outbox(user)).length;
    const again = await shop.services.users.ban(user, null, true);
    expect(again.cancelled_orders).toEqual([leftover.code]);
    await shop.services.users.ban(user, null, true);
    expect((await outbox(user)).slice(before).map((m) => [m.kind, JSON.parse(m.payload)])).toEqual([
      ['ban_orders_cancelled', { codes: [leftover.code] }],
    ]);
    expect(await productRow(shop, product.id)).toMatchObject({ stock_quantity: 5, reserved_quantity: 0 });
  });

  it('credits no referral bonus to a banned referrer', async () => {
    await shop.services.settings.set('reference_bonus_percent', '10');
    const referrer = await newCustomer(shop);
    const code = await shop.services.refcodes.create({ creatorId: referrer });
    const buyer = await newCustomer(shop, { referrerCode: code.code });
    await shop.services.settings.set('reference_codes_enabled', 'false');
    const order = await orderOf(shop, buyer, (await newProduct(shop, { price: 2000 })).id, 1);
    await shop.services.orders.confirm(order.code);
    await shop.services.users.ban(referrer);
    await shop.services.orders.deliver(order.code);
    expect(await shop.services.bonus.balance(referrer)).toBe(0);
    expect((await outbox(referrer)).map((m) => m.kind)).not.toContain('bonus_credited');
    await shop.services.settings.set('reference_bonus_percent', '0');
  });

  it('racing a checkout, leaves no reserved order and no reserved stock behind', async () => {
    const product = await newProduct(shop, { stock: 100 });
    for (let round = 0; round < 10; round++) {
      const user = await newCustomer(shop);
      await shop.services.cart.setQuantity(user, product.id, 2);
      const [placed, banned] = await Promise.allSettled([
        shop.services.orders.place({
          userId: user,
          paymentMethod: 'cod',
          bonus: 'none',
          address: 'a st 1',
          phone: '+15550100000',
        }),
        shop.services.users.ban(user),
      ]);
      expect(banned.status).toBe('fulfilled');
      if (placed.status === 'rejected') expect(placed.reason).toBeInstanceOf(BannedError);
      const orders = await ordersOf(user);
      expect(orders.filter((o) => o.status !== 'cancelled')).toEqual([]);
      expect(orders).toHaveLength(placed.status === 'fulfilled' ? 1 : 0);
    }
    expect(await productRow(shop, product.id)).toMatchObject({ stock_quantity: 100, reserved_quantity: 0 });
  });
});
