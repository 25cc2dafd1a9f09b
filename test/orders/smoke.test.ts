import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestShop, newCustomer, newProduct, orderOf, productRow, type TestShop } from '../support/shop.js';

let t: TestDatabase;
let shop: TestShop;
beforeAll(async () => {
  t = await createTestDatabase();
  shop = createTestShop(t.db);
});
afterAll(() => t.drop());

it('smoke', async () => {
  const user = await newCustomer(shop);
  const product = await newProduct(shop, { stock: 5 });
  const order = await orderOf(shop, user, product.id, 2);
  expect(order.status).toBe('reserved');
  expect((await productRow(shop, product.id)).reserved_quantity).toBe(2);
  await shop.services.orders.confirm(order.code);
  await shop.services.orders.deliver(order.code);
  const after = await productRow(shop, product.id);
  expect([after.stock_quantity, after.reserved_quantity]).toEqual([3, 0]);
  await shop.services.btc.add(['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']);
  const btc = await orderOf(shop, user, product.id, 1, 'btc');
  expect(btc.btc_address).toBe('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  await shop.services.orders.cancel(btc.code);
  shop.clock.advanceHours(1);
  const o2 = await orderOf(shop, user, product.id, 1);
  shop.clock.advanceHours(25);
  const pass = await shop.services.orders.expireDue();
  expect(pass.expired).toEqual([o2.code]);
});
