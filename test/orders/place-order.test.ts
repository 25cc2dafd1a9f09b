import { describe, expect, it } from 'vitest';
import {
  BannedError,
  BtcPoolEmptyError,
  EmptyCartError,
  OutOfStockError,
  ValidationError,
} from '../../src/shared/errors.js';
import {
  ADMIN_ID,
  checkout,
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
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

const ADDRESSES = [
  'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  '1BoatSLRHtKNngkdXEeobR76b53LETtpyT',
  '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
];

async function giveBonus(userId: number, amount: number) {
  await grantBonus(shop, userId, amount);
}

describe('placing an order', () => {
  it('reserves stock, snapshots items, clears the cart, saves details and tells the staff', async () => {
    const user = await newCustomer(shop);
    const a = await newProduct(shop, { price: 1250, stock: 5 });
    const b = await newProduct(shop, { price: 399, stock: 5 });
    await shop.services.cart.setQuantity(user, a.id, 2);
    await shop.services.cart.setQuantity(user, b.id, 1);
    const order = await shop.services.orders.place({
      userId: user,
      paymentMethod: 'cod',
      address: '  221B Baker Street, London ',
      phone: '+44 (20) 7946-0958',
      note: 'Ring twice',
    });
    expect(order).toMatchObject({
      status: 'reserved',
      payment_method: 'cod',
      subtotal: 2899,
      bonus_applied: 0,
      total: 2899,
      currency: 'USD',
      delivery_address: '221B Baker Street, London',
      delivery_phone: '+442079460958',
      delivery_note: 'Ring twice',
      btc_address: null,
    });
    expect(order.code).toMatch(/^[A-Z]{6}$/);
    expect(order.reserved_until).toEqual(shop.clock.inHours(24));
    expect(order.items.map((i) => [i.product_name, i.unit_price, i.quantity])).toEqual([
      [a.name, 1250, 2],
      [b.name, 399, 1],
    ]);
    expect((await productRow(shop, a.id)).reserved_quantity).toBe(2);
    expect((await shop.services.cart.view(user)).lines).toEqual([]);
    const profile = await t.db
      .selectFrom('customer_profiles')
      .selectAll()
      .where('user_id', '=', user)
      .executeTakeFirst();
    expect(profile).toMatchObject({
      delivery_address: '221B Baker Street, London',
      delivery_note: 'Ring twice',
    });

    const staff = await t.db
      .selectFrom('notification_outbox')
      .select(['chat_id', 'payload'])
      .where('kind', '=', 'order_placed')
      .execute();
    const mine = staff.filter((row) => JSON.parse(row.payload).code === order.code);
    expect(mine.map((row) => row.chat_id).sort()).toEqual([OWNER_ID, ADMIN_ID]);
    const history = await shop.services.orders.history(order.code);
    expect(history.map((h) => [h.from_status, h.to_status])).toEqual([[null, 'reserved']]);
  });

  it('uses the reservation timeout setting', async () => {
    await shop.services.settings.set('cash_order_timeout_hours', '2');
    const order = await orderOf(shop, await newCustomer(shop), (await newProduct(shop)).id);
    expect(order.reserved_until.getTime() - order.created_at.getTime()).toBe(2 * 3_600_000);
    await shop.services.settings.set('cash_order_timeout_hours', '24');
  });

  it('applies bonus up to the balance and the subtotal, debiting the ledger', async () => {
    await liftOrderLimits(shop);
    const user = await newCustomer(shop);
    await giveBonus(user, 500);
    const cheap = await newProduct(shop, { price: 300 });
    const order = await orderOf(shop, user, cheap.id, 1, 'cod', 'all');
    expect([order.subtotal, order.bonus_applied, order.total]).toEqual([300, 300, 0]);
    expect(await shop.services.bonus.balance(user)).toBe(200);

    const partial = await orderOf(shop, user, (await newProduct(shop, { price: 1000 })).id, 1, 'cod', 150);
    expect([partial.bonus_applied, partial.total]).toEqual([150, 850]);
    const greedy = await orderOf(shop, user, (await newProduct(shop, { price: 1000 })).id, 1, 'cod', 10_000);
    expect(greedy.bonus_applied).toBe(50);
    expect(await shop.services.bonus.balance(user)).toBe(0);
  });

  it('assigns a BTC address and locks the BTC amount at the rate', async () => {
    await shop.services.btc.add(ADDRESSES);
    await shop.services.settings.set('btc_rate', '65000');
    const user = await newCustomer(shop);
    const order = await orderOf(shop, user, (await newProduct(shop, { price: 10_000 })).id, 1, 'btc');
    expect(order.btc_address).toBe(ADDRESSES[0]);
    expect(order.btc_amount_sats).toBe(153_847);
    const row = await t.db
      .selectFrom('btc_addresses')
      .selectAll()
      .where('address', '=', ADDRESSES[0] as string)
      .executeTakeFirst();
    expect(row).toMatchObject({ status: 'assigned', order_id: order.id });
    await shop.services.settings.set('btc_rate', 'off');
    const noRate = await orderOf(shop, user, (await newProduct(shop)).id, 1, 'btc');
    expect(noRate.btc_amount_sats).toBeNull();
  });

  it('refuses without changing anything: empty cart, out of stock, empty pool, banned, bad details', async () => {
    const user = await newCustomer(shop);
    const place = (paymentMethod: 'btc' | 'cod' = 'cod') =>
      shop.services.orders.place({ userId: user, paymentMethod, ...checkout });
    await expect(place()).rejects.toThrow(EmptyCartError);

    const scarce = await newProduct(shop, { stock: 1 });
    await shop.services.cart.setQuantity(user, scarce.id, 1);
    await orderOf(shop, await newCustomer(shop), scarce.id, 1);
    await expect(place()).rejects.toThrow(OutOfStockError);
    expect((await shop.services.cart.view(user)).lines).toHaveLength(1);

    await shop.services.cart.clear(user);
    const product = await newProduct(shop, { stock: 5 });
    await shop.services.cart.setQuantity(user, product.id, 1);
    while ((await shop.services.btc.counts()).available > 0) {
      await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    }
    await expect(place('btc')).rejects.toThrow(BtcPoolEmptyError);
    expect((await shop.services.cart.view(user)).lines).toHaveLength(1);
    const before = await productRow(shop, product.id);

    await expect(
      shop.services.orders.place({ userId: user, paymentMethod: 'cod', address: 'x', phone: checkout.phone }),
    ).rejects.toThrow(/at least 5 characters/);
    await expect(
      shop.services.orders.place({
        userId: user,
        paymentMethod: 'cod',
        address: checkout.address,
        phone: '12',
      }),
    ).rejects.toThrow(ValidationError);
    await shop.services.users.ban(user, 'fraud');
    await expect(place()).rejects.toThrow(BannedError);
    expect(await productRow(shop, product.id)).toEqual(before);
    expect((await shop.services.orders.list({ userId: user })).length).toBe(0);
  });
});

describe('placing orders concurrently', () => {
  it('sells exactly the stock when 50 customers race for 10 units', async () => {
    const product = await newProduct(shop, { stock: 10 });
    const customers = await Promise.all(Array.from({ length: 50 }, () => newCustomer(shop)));
    for (const user of customers) await shop.services.cart.setQuantity(user, product.id, 1);
    const results = await Promise.allSettled(
      customers.map((userId) => shop.services.orders.place({ userId, paymentMethod: 'cod', ...checkout })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(10);
    expect(lost.every((r) => r.reason instanceof OutOfStockError)).toBe(true);
    const row = await productRow(shop, product.id);
    expect([row.stock_quantity, row.reserved_quantity]).toEqual([10, 10]);
    const reserved = await t.db
      .selectFrom('inventory_log')
      .select((eb) => eb.fn.sum<number>('reserved_delta').as('sum'))
      .where('product_id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(Number(reserved.sum)).toBe(10);
  });

  it('gives 20 parallel BTC orders 20 distinct addresses', async () => {
    // Twenty valid mainnet addresses are hard to make up: these go straight into the table, past the validator.
    const addresses = Array.from({ length: 20 }, (_, i) => `test-address-${i}`);
    await t.db
      .insertInto('btc_addresses')
      .values(addresses.map((address) => ({ address, added_at: shop.clock.now() })))
      .execute();
    const product = await newProduct(shop, { stock: 100 });
    const customers = await Promise.all(Array.from({ length: 20 }, () => newCustomer(shop)));
    for (const user of customers) await shop.services.cart.setQuantity(user, product.id, 1);
    const orders = await Promise.all(
      customers.map((userId) => shop.services.orders.place({ userId, paymentMethod: 'btc', ...checkout })),
    );
    const assigned = orders.map((o) => o.btc_address);
    expect(new Set(assigned).size).toBe(20);
    expect([...assigned].sort()).toEqual([...addresses].sort());
    expect((await shop.services.btc.counts()).available).toBe(0);
  });
});

describe('the bonus a customer may spend', () => {
  it('is above zero and within the balance', async () => {
    const user = await newCustomer(shop);
    await giveBonus(user, 500);
    const { bonus } = shop.services;
    expect(await bonus.checkSpend(user, 0)).toBe('not_positive');
    expect(await bonus.checkSpend(user, 501)).toBe('over_balance');
    expect(await bonus.checkSpend(user, 500)).toBe('ok');
  });
});
