import { describe, expect, it } from 'vitest';
import { CustomerLimitError, EmptyCartError } from '../../src/shared/errors.js';
import { randomAddresses } from '../support/btc-addresses.js';
import {
  ADMIN_ID,
  checkout,
  newCustomer,
  newProduct,
  orderOf,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

const openOrders = async (userId: number) =>
  (
    await t.db
      .selectFrom('orders')
      .select('code')
      .where('user_id', '=', userId)
      .where('status', 'in', ['reserved', 'confirmed'])
      .execute()
  ).length;

async function refusal(placing: Promise<unknown>): Promise<CustomerLimitError> {
  const error = await placing.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CustomerLimitError);
  return error as CustomerLimitError;
}

async function withSettings(values: Record<string, string>, run: () => Promise<void>): Promise<void> {
  const before = await shop.services.settings.all();
  for (const [key, value] of Object.entries(values)) await shop.services.settings.set(key, value);
  try {
    await run();
  } finally {
    for (const key of Object.keys(values))
      await shop.services.settings.set(key, String(before[key as keyof typeof before]));
  }
}

describe('limits on one customer', () => {
  it('20 parallel checkouts against a limit of 2 leave exactly 2 open orders', async () => {
    await withSettings({ max_orders_per_customer_per_hour: '0' }, async () => {
      const user = await newCustomer(shop);
      const product = await newProduct(shop, { stock: 100 });
      // Each attempt refills the cart a parallel winner emptied and tries again, until it is placed or refused.
      const attempt = async (): Promise<'placed' | 'refused'> => {
        for (;;) {
          await shop.services.cart.setQuantity(user, product.id, 1);
          try {
            await shop.services.orders.place({
              userId: user,
              paymentMethod: 'cod',
              bonus: 'none',
              ...checkout,
            });
            return 'placed';
          } catch (error) {
            if (error instanceof CustomerLimitError && error.limit === 'open_orders') return 'refused';
            if (!(error instanceof EmptyCartError)) throw error;
          }
        }
      };
      const outcomes = await Promise.all(Array.from({ length: 20 }, attempt));
      expect(outcomes.filter((o) => o === 'placed')).toHaveLength(2);
      expect(await openOrders(user)).toBe(2);
    });
  });

  it('refuses a third open order, telling the limit, and allows one again after a cancel', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 10 });
    const first = await orderOf(shop, user, product.id);
    await orderOf(shop, user, product.id);
    const error = await refusal(orderOf(shop, user, product.id));
    expect(error.message).toBe(
      'At most 2 open orders per customer; wait until one is delivered or cancelled.',
    );
    // The refused checkout left the cart as it was.
    expect((await shop.services.cart.view(user)).lines).toHaveLength(1);
    await shop.services.orders.cancelByCustomer(user, first.code);
    await shop.services.orders.place({ userId: user, paymentMethod: 'cod', bonus: 'none', ...checkout });
    expect(await openOrders(user)).toBe(2);
  });

  it('counts orders placed within the hour, cancelled ones too, and says when to try again', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 20 });
    for (let i = 0; i < 5; i++) {
      const order = await orderOf(shop, user, product.id);
      await shop.services.orders.cancelByCustomer(user, order.code);
      shop.clock.advanceHours(0.1);
    }
    const error = await refusal(orderOf(shop, user, product.id));
    expect(error.limit).toBe('orders_per_hour');
    expect(error.details).toMatchObject({ max: 5, minutes: 30 });
    shop.clock.advanceHours(0.5);
    await shop.services.orders.place({ userId: user, paymentMethod: 'cod', bonus: 'none', ...checkout });
  });

  it('hands one customer at most 3 Bitcoin addresses a day; cash on delivery stays open', async () => {
    await shop.services.btc.add(randomAddresses(5));
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 20 });
    for (let i = 0; i < 3; i++) {
      const order = await orderOf(shop, user, product.id, 1, 'btc');
      await shop.services.orders.cancelByCustomer(user, order.code);
      shop.clock.advanceHours(2);
    }
    const free = (await shop.services.btc.counts()).available;
    const error = await refusal(orderOf(shop, user, product.id, 1, 'btc'));
    expect(error.limit).toBe('btc_addresses');
    expect(error.details).toMatchObject({ max: 3, hours: 18 });
    expect((await shop.services.btc.counts()).available).toBe(free);
    await shop.services.orders.place({ userId: user, paymentMethod: 'cod', bonus: 'none', ...checkout });
    shop.clock.advanceHours(18);
    await orderOf(shop, user, product.id, 1, 'btc');
  });

  it('caps the quantity of one product per order, in the cart and again at checkout', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 100 });
    const { cart } = shop.services;
    const error = await refusal(cart.setQuantity(user, product.id, 21));
    expect(error.message).toBe('At most 20 of one product per order.');
    await cart.setQuantity(user, product.id, 20);
    await refusal(cart.add(user, product.id));
    expect((await cart.view(user)).lines.map((l) => l.quantity)).toEqual([20]);

    // A cap lowered after the cart was filled is still enforced when the order is placed...
    await withSettings({ max_quantity_per_product: '10' }, async () => {
      const placing = shop.services.orders.place({ userId: user, paymentMethod: 'cod', ...checkout });
      expect((await refusal(placing)).message).toBe('At most 10 of one product per order.');
      // ...and the line above it can still be taken down, though not raised.
      await cart.add(user, product.id, -5);
      await refusal(cart.add(user, product.id));
      await cart.setQuantity(user, product.id, 10);
      await shop.services.orders.place({ userId: user, paymentMethod: 'cod', bonus: 'none', ...checkout });
    });
  });

  it('treats an admin made by user role as staff, and a demoted one as a customer again', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 100 });
    await shop.services.users.setRole(user, 'admin');
    await shop.services.cart.setQuantity(user, product.id, 30);
    await shop.services.users.setRole(user, 'user');
    await refusal(shop.services.cart.add(user, product.id));
    await refusal(shop.services.orders.place({ userId: user, paymentMethod: 'cod', ...checkout }));
  });

  it('lets parallel Help messages and cart taps of one customer past no limit together', async () => {
    await withSettings({ max_help_messages_per_hour: '2', max_quantity_per_product: '3' }, async () => {
      const user = await newCustomer(shop);
      const author = { telegram_id: user, username: null, name: 'Test' };
      const asks = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => shop.services.support.ask(author, `help ${i}`)),
      );
      expect(asks.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      for (const r of asks) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CustomerLimitError);
      const requests = await t.db
        .selectFrom('notification_outbox')
        .select('payload')
        .where('kind', '=', 'help_request')
        .where('payload', 'like', `%"telegram_id":${user},%`)
        .execute();
      expect(requests).toHaveLength(2);

      const product = await newProduct(shop, { stock: 100 });
      const taps = await Promise.allSettled(
        Array.from({ length: 10 }, () => shop.services.cart.add(user, product.id)),
      );
      expect(taps.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect((await shop.services.cart.view(user)).lines.map((l) => l.quantity)).toEqual([3]);
    });
  });

  it('does not limit staff', async () => {
    await shop.services.users.join({ telegramId: ADMIN_ID });
    const product = await newProduct(shop, { stock: 100 });
    for (let i = 0; i < 3; i++) await orderOf(shop, ADMIN_ID, product.id, 25);
    expect(await openOrders(ADMIN_ID)).toBe(3);
  });
});
