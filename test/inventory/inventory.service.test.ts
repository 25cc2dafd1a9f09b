import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/shared/errors.js';
import { newCustomer, newProduct, orderOf, productRow, type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

describe('inventory', () => {
  it('sets, adds and removes stock, logging each change with actor and reason', async () => {
    const product = await newProduct(shop, { stock: 5 });
    const { inventory } = shop.services;
    expect((await inventory.adjust(product.id, 'add', 10, { reason: 'delivery' })).stock_quantity).toBe(15);
    expect((await inventory.adjust(product.name, 'remove', 3, { reason: 'broken' })).stock_quantity).toBe(12);
    expect((await inventory.adjust(product.id, 'set', 4, { actor: 'owner' })).stock_quantity).toBe(4);
    const log = await inventory.log({ product: product.id, limit: 10 });
    expect(log.map((l) => [l.kind, l.stock_delta, l.stock_after, l.reason])).toEqual([
      ['adjust', -8, 4, null],
      ['adjust', -3, 12, 'broken'],
      ['adjust', 10, 15, 'delivery'],
      ['adjust', 5, 5, 'initial stock'],
    ]);
  });

  it('never drops stock below what open orders reserved', async () => {
    const user = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 5 });
    await orderOf(shop, user, product.id, 3);
    await expect(shop.services.inventory.adjust(product.id, 'set', 2)).rejects.toThrow(ConflictError);
    await expect(shop.services.inventory.adjust(product.id, 'remove', 3)).rejects.toThrow(
      /3 unit\(s\) reserved/,
    );
    const row = await productRow(shop, product.id);
    expect([row.stock_quantity, row.reserved_quantity]).toEqual([5, 3]);
    expect((await shop.services.inventory.adjust(product.id, 'remove', 2)).available).toBe(0);
  });

  it('refuses zero or negative quantities for add and remove', async () => {
    const product = await newProduct(shop);
    await expect(shop.services.inventory.adjust(product.id, 'add', 0)).rejects.toThrow(ValidationError);
    await expect(shop.services.inventory.adjust(product.id, 'remove', -1)).rejects.toThrow(ValidationError);
  });

  it('lists low stock by availability', async () => {
    const low = await newProduct(shop, { stock: 1 });
    const plenty = await newProduct(shop, { stock: 100 });
    const listed = (await shop.services.inventory.list({ low: 2 })).map((p) => p.id);
    expect(listed).toContain(low.id);
    expect(listed).not.toContain(plenty.id);
  });
});
