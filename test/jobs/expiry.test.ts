import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../src/shared/errors.js';
import { newCustomer, newProduct, orderOf, productRow, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

describe('expiry pass', () => {
  it('has one winner when it races the owner confirming the order', async () => {
    for (let round = 0; round < 5; round++) {
      const product = await newProduct(shop, { stock: 1 });
      const order = await orderOf(shop, await newCustomer(shop), product.id);
      shop.clock.advanceHours(25);
      const [pass, confirm] = await Promise.allSettled([
        shop.services.orders.expireDue(),
        shop.services.orders.confirm(order.code),
      ]);
      // The pass itself must run (nothing else holds the lock); only the order may go either way.
      expect(pass).toMatchObject({ status: 'fulfilled', value: { ran: true } });
      const expired = pass.status === 'fulfilled' && pass.value.expired.includes(order.code);
      expect(expired).toBe(confirm.status === 'rejected');
      if (confirm.status === 'rejected') expect(confirm.reason).toBeInstanceOf(InvalidTransitionError);
      const final = await shop.services.orders.get(order.code);
      expect(final.status).toBe(expired ? 'expired' : 'confirmed');
      const row = await productRow(shop, product.id);
      expect(row.reserved_quantity).toBe(expired ? 0 : 1);
    }
  });

  it('leaves an order it cannot finish untouched, keeping the ones already expired', async () => {
    const product = await newProduct(shop, { stock: 5 });
    const user = await newCustomer(shop);
    const first = await orderOf(shop, user, product.id, 1);
    shop.clock.advanceHours(1);
    const broken = await orderOf(shop, user, (await newProduct(shop, { stock: 5 })).id, 2);
    // Corrupt the second order's product so that releasing its reservation breaks a CHECK constraint.
    const brokenProduct = broken.items[0]?.product_id as number;
    await t.db
      .updateTable('products')
      .set({ reserved_quantity: 1 })
      .where('id', '=', brokenProduct)
      .execute();
    shop.clock.advanceHours(25);

    await expect(shop.services.orders.expireDue({ batchSize: 1 })).rejects.toThrow(
      /products_reserved_non_negative/,
    );
    expect((await shop.services.orders.get(first.code)).status).toBe('expired');
    const untouched = await shop.services.orders.get(broken.code);
    expect(untouched.status).toBe('reserved');
    expect((await shop.services.orders.history(broken.code)).map((h) => h.to_status)).toEqual(['reserved']);
    const releases = await t.db
      .selectFrom('inventory_log')
      .select('id')
      .where('order_id', '=', broken.id)
      .where('kind', '=', 'release')
      .execute();
    expect(releases).toEqual([]);
    expect((await productRow(shop, brokenProduct)).reserved_quantity).toBe(1);

    // The lock was released despite the failure: once the data is repaired, the next pass finishes the job.
    await t.db
      .updateTable('products')
      .set({ reserved_quantity: 2 })
      .where('id', '=', brokenProduct)
      .execute();
    expect((await shop.services.orders.expireDue()).expired).toContain(broken.code);
  });
});
