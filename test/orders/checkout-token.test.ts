import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { checkout, newCustomer, newProduct, TestClock, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

/** Placing from a checkout token is idempotent; what runs after the commit never fails the order. */

const warnings: { msg: string; order?: string }[] = [];
let t: TestDatabase;
let shop: TestShop;
useTestShop(
  (created) => {
    ({ t, shop } = created);
  },
  (db) => {
    const clock = new TestClock();
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    return { db, clock, services: createServices(db, createConfig({ OWNER_ID: '1000' }), clock, logger) };
  },
);

const TOKEN = 'AAAAbbbbCCCCdddd';

describe('placing with a checkout token', () => {
  it('places one order however many attempts run at once; the others return it, marked as replayed', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 10 });
    await shop.services.cart.setQuantity(user, product.id, 3);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () =>
        shop.services.orders.place({ userId: user, paymentMethod: 'cod', checkoutToken: TOKEN, ...checkout }),
      ),
    );
    expect(new Set(attempts.map((a) => a.code)).size).toBe(1);
    expect(attempts.filter((a) => !a.replayed)).toHaveLength(1);
    expect(attempts.every((a) => a.items[0]?.quantity === 3)).toBe(true);
    const rows = await t.db.selectFrom('orders').select('id').where('user_id', '=', user).execute();
    expect(rows).toHaveLength(1);
    const stock = await shop.services.catalog.getProduct(product.id);
    expect(stock.reserved_quantity).toBe(3);
  });

  it('the same token of another customer is another checkout', async () => {
    const [a, b] = [await newCustomer(shop), await newCustomer(shop)];
    const product = await newProduct(shop);
    for (const user of [a, b]) await shop.services.cart.setQuantity(user, product.id, 1);
    const placed = await Promise.all(
      [a, b].map((userId) =>
        shop.services.orders.place({ userId, paymentMethod: 'cod', checkoutToken: TOKEN, ...checkout }),
      ),
    );
    expect(placed.map((p) => p.replayed)).toEqual([false, false]);
    expect(placed[0]?.code).not.toBe(placed[1]?.code);
  });
});

describe('after the commit', () => {
  it('a failing low-pool alert is logged; the order stands and placing succeeds', async () => {
    await shop.services.settings.set('low_btc_pool_threshold', '5');
    await shop.services.btc.add(randomAddresses(2));
    const user = await newCustomer(shop);
    const product = await newProduct(shop);
    await shop.services.cart.setQuantity(user, product.id, 1);
    await t.db.schema.alterTable('shop_alerts').renameTo('shop_alerts_away').execute();
    try {
      const order = await shop.services.orders.place({ userId: user, paymentMethod: 'btc', ...checkout });
      expect(order.btc_address).not.toBeNull();
      expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
      expect(warnings).toMatchObject([
        { msg: 'could not check the Bitcoin address pool', order: order.code },
      ]);
    } finally {
      await t.db.schema.alterTable('shop_alerts_away').renameTo('shop_alerts').execute();
    }
  });
});
