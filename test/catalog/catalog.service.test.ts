import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/shared/errors.js';
import { newCustomer, newProduct, orderOf, type TestShop, unique, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

describe('categories', () => {
  it('adds, lists with active product counts, renames and removes', async () => {
    const { catalog } = shop.services;
    const name = unique('Tea');
    const category = await catalog.addCategory(`  ${name}  `);
    expect(category.name).toBe(name);
    await catalog.addProduct({ category: name, name: unique('Green'), price: 500 });
    const hidden = await catalog.addProduct({ category: name, name: unique('Old'), price: 500 });
    await catalog.updateProduct(hidden.id, { active: false });
    const listed = (await catalog.listCategories()).find((c) => c.id === category.id);
    expect(listed?.products).toBe(1);

    const renamed = await catalog.renameCategory(name, `${name} & Herbs`);
    expect(renamed.id).toBe(category.id);
    await expect(catalog.removeCategory(renamed.name)).rejects.toThrow(/still holds 2 product/);
  });

  it('refuses duplicate and blank names', async () => {
    const name = unique('Coffee');
    await shop.services.catalog.addCategory(name);
    await expect(shop.services.catalog.addCategory(name)).rejects.toThrow(ConflictError);
    await expect(shop.services.catalog.addCategory('   ')).rejects.toThrow(ValidationError);
  });

  it('removes an empty category', async () => {
    const name = unique('Empty');
    await shop.services.catalog.addCategory(name);
    await shop.services.catalog.removeCategory(name);
    await expect(shop.services.catalog.findCategory(name)).rejects.toThrow(NotFoundError);
  });

  it('hides categories without active products from shoppers', async () => {
    const name = unique('Nothing yet');
    await shop.services.catalog.addCategory(name);
    const visible = await shop.services.catalog.listCategories({ withActiveProductsOnly: true });
    expect(visible.some((c) => c.name === name)).toBe(false);
  });
});

describe('products', () => {
  it('adds a product with stock, logged as an adjustment, and finds it by id or name', async () => {
    const product = await newProduct(shop, { stock: 7, price: 1999 });
    expect(product).toMatchObject({
      stock_quantity: 7,
      reserved_quantity: 0,
      available: 7,
      price: 1999,
      active: true,
    });
    expect((await shop.services.catalog.getProduct(String(product.id))).name).toBe(product.name);
    expect((await shop.services.catalog.getProduct(product.name)).id).toBe(product.id);
    const log = await shop.services.inventory.log({ product: product.id });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'adjust', stock_delta: 7, stock_after: 7, reason: 'initial stock' });
  });

  it('validates prices and names', async () => {
    const category = unique('Validation');
    await shop.services.catalog.addCategory(category);
    await expect(shop.services.catalog.addProduct({ category, name: 'x', price: -1 })).rejects.toThrow(
      /negative/,
    );
    await expect(shop.services.catalog.addProduct({ category, name: 'x', price: 1.5 })).rejects.toThrow(
      /whole number/,
    );
    await expect(shop.services.catalog.addProduct({ category, name: '', price: 1 })).rejects.toThrow(
      /name is required/,
    );
    await expect(shop.services.catalog.addProduct({ category: 'nope', name: 'x', price: 1 })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('updates fields and refuses a taken name', async () => {
    const a = await newProduct(shop);
    const b = await newProduct(shop);
    const updated = await shop.services.catalog.updateProduct(a.name, { price: 42, description: 'Fresh' });
    expect(updated).toMatchObject({ price: 42, description: 'Fresh' });
    await expect(shop.services.catalog.updateProduct(a.id, { name: b.name })).rejects.toThrow(ConflictError);
    await expect(shop.services.catalog.updateProduct(a.id, {})).rejects.toThrow(/Nothing to change/);
  });

  it('pages through products by keyset', async () => {
    const category = unique('Paged');
    await shop.services.catalog.addCategory(category);
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      ids.push((await shop.services.catalog.addProduct({ category, name: unique('item'), price: 100 })).id);
    }
    const seen: number[] = [];
    let after: number | undefined;
    let pages = 0;
    do {
      const page = await shop.services.catalog.listProducts({ category, limit: 10, after });
      seen.push(...page.items.map((p) => p.id));
      after = page.next;
      pages += 1;
    } while (after !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('deletes a never-ordered product, deactivates an ordered one, refuses one in an open order', async () => {
    const fresh = await newProduct(shop);
    expect(await shop.services.catalog.removeProduct(fresh.id)).toBe('deleted');
    await expect(shop.services.catalog.getProduct(fresh.id)).rejects.toThrow(NotFoundError);

    const user = await newCustomer(shop);
    const ordered = await newProduct(shop);
    const order = await orderOf(shop, user, ordered.id);
    await expect(shop.services.catalog.removeProduct(ordered.id)).rejects.toThrow(new RegExp(order.code));
    await shop.services.orders.cancel(order.code);
    expect(await shop.services.catalog.removeProduct(ordered.id)).toBe('deactivated');
    expect((await shop.services.catalog.getProduct(ordered.id)).active).toBe(false);
  });
});
