import { describe, expect, it } from 'vitest';
import { NotFoundError, OutOfStockError, ValidationError } from '../../src/shared/errors.js';
import {
  checkout,
  liftOrderLimits,
  newCustomer,
  newProduct,
  orderOf,
  productRow,
  type TestShop,
  useTestShop,
} from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

describe('cart', () => {
  it('adds, sets, removes and clears lines with a running subtotal', async () => {
    const user = await newCustomer(shop);
    const a = await newProduct(shop, { price: 300, stock: 5 });
    const b = await newProduct(shop, { price: 1000, stock: 5 });
    const { cart } = shop.services;
    await cart.add(user, a.id);
    await cart.add(user, a.id, 2);
    let view = await cart.add(user, b.id);
    expect(view.lines.map((l) => [l.product_id, l.quantity])).toEqual([
      [a.id, 3],
      [b.id, 1],
    ]);
    expect(view.subtotal).toBe(1900);
    view = await cart.setQuantity(user, a.id, 1);
    expect(view.subtotal).toBe(1300);
    view = await cart.add(user, a.id, -1);
    expect(view.lines.map((l) => l.product_id)).toEqual([b.id]);
    view = await cart.remove(user, b.id);
    expect(view.lines).toEqual([]);
    await cart.add(user, a.id);
    await cart.clear(user);
    expect((await cart.view(user)).lines).toEqual([]);
  });

  it('refuses more than is available, counting reservations', async () => {
    const user = await newCustomer(shop);
    const other = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 3 });
    await orderOf(shop, other, product.id, 2);
    await expect(shop.services.cart.setQuantity(user, product.id, 2)).rejects.toThrow(OutOfStockError);
    await expect(shop.services.cart.setQuantity(user, product.id, 1)).resolves.toMatchObject({
      subtotal: 1250,
    });
  });

  it('refuses inactive products and silly quantities', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop);
    await expect(shop.services.cart.setQuantity(user, product.id, -1)).rejects.toThrow(ValidationError);
    await expect(shop.services.cart.setQuantity(user, product.id, 1.5)).rejects.toThrow(ValidationError);
    await shop.services.catalog.updateProduct(product.id, { active: false });
    await expect(shop.services.cart.add(user, product.id)).rejects.toThrow(NotFoundError);
  });

  it('reports lines that went short after they were added', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 2 });
    await shop.services.cart.setQuantity(user, product.id, 2);
    await shop.services.inventory.adjust(product.id, 'set', 1);
    const view = await shop.services.cart.view(user);
    expect(view.problems.map((l) => [l.product_id, l.available])).toEqual([[product.id, 1]]);
  });

  it('counts every one of several quick taps on "add", with real parallel connections', async () => {
    const user = await newCustomer(shop);
    for (let round = 0; round < 10; round++) {
      const product = await newProduct(shop, { stock: 10 });
      await Promise.all(Array.from({ length: 5 }, () => shop.services.cart.add(user, product.id)));
      const line = (await shop.services.cart.view(user)).lines.find((l) => l.product_id === product.id);
      expect(line?.quantity).toBe(5);
    }
  });

  it('parallel taps never add more than is available: the taps past the stock are refused', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 3 });
    const taps = await Promise.allSettled(
      Array.from({ length: 6 }, () => shop.services.cart.add(user, product.id)),
    );
    const refused = taps.filter((tap) => tap.status === 'rejected');
    expect(refused).toHaveLength(3);
    expect(refused.every((tap) => tap.reason instanceof OutOfStockError)).toBe(true);
    const line = (await shop.services.cart.view(user)).lines.find((l) => l.product_id === product.id);
    expect(line?.quantity).toBe(3);
  });

  it('withdrawing a product while customers add it and check out leaves no cart holding it', async () => {
    await liftOrderLimits(shop);
    const product = await newProduct(shop, { stock: 100 });
    const buyers = await Promise.all(Array.from({ length: 8 }, () => newCustomer(shop)));
    const adders = await Promise.all(Array.from({ length: 8 }, () => newCustomer(shop)));
    for (const buyer of buyers) await shop.services.cart.setQuantity(buyer, product.id, 2);
    const outcomes = await Promise.allSettled([
      ...buyers.map((userId) => shop.services.orders.place({ userId, paymentMethod: 'cod', ...checkout })),
      ...adders.map((userId) => shop.services.cart.add(userId, product.id)),
      shop.services.catalog.updateProduct(product.id, { active: false }),
    ]);
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(errors.filter((e) => !(e instanceof OutOfStockError || e instanceof NotFoundError))).toEqual([]);
    const left = await shop.db
      .selectFrom('cart_items')
      .select('user_id')
      .where('product_id', '=', product.id)
      .execute();
    expect(left.filter((row) => !buyers.includes(row.user_id))).toEqual([]);
    const placed = await shop.db
      .selectFrom('order_items')
      .select((eb) => eb.fn.sum<number>('quantity').as('units'))
      .where('product_id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect((await productRow(shop, product.id)).reserved_quantity).toBe(Number(placed.units ?? 0));
  });
});
