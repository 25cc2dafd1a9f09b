import { describe, expect, it } from 'vitest';
import { newCustomer, orderOf, productRow, unique, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

describe('category', () => {
  it('adds, lists, renames and removes a category', async () => {
    const name = unique('Tea');
    const added = await shop.run(['category', 'add', name, '--json']);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ name, products: 0 });

    const list = await shop.run(['category', 'list', '--json']);
    expect(list.json().map((c: { name: string }) => c.name)).toContain(name);
    expect((await shop.run(['category', 'list'])).stdout).toContain(name);

    const renamed = await shop.run(['category', 'rename', name, `${name}-green`]);
    expect(renamed).toMatchObject({ code: 0, stdout: `Category "${name}" is now "${name}-green".\n` });

    const removed = await shop.run(['category', 'remove', `${name}-green`, '--yes']);
    expect(removed.code).toBe(0);
    const left = await t.db
      .selectFrom('categories')
      .select('name')
      .where('name', 'like', `${name}%`)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses a duplicate name and removing a category that holds products', async () => {
    const name = unique('Coffee');
    await shop.run(['category', 'add', name]);
    const duplicate = await shop.run(['category', 'add', name]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe(`A category named "${name}" already exists.\n`);

    await shop.run(['product', 'add', '--category', name, '--name', unique('Espresso'), '--price', '2']);
    const refused = await shop.run(['category', 'remove', name, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still holds 1 product/);
    expect(await t.db.selectFrom('categories').select('id').where('name', '=', name).execute()).toHaveLength(
      1,
    );
  });
});

describe('product', () => {
  it('adds a product with price and stock and prints the product JSON keys', async () => {
    const category = unique('Cat');
    await shop.run(['category', 'add', category]);
    const name = unique('Green tea');
    const result = await shop.run([
      'product',
      'add',
      '--category',
      category,
      '--name',
      name,
      '--price',
      '12.50',
      '--stock',
      '7',
      '--description',
      'Sencha',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const product = result.json();
    expect(Object.keys(product)).toEqual([
      'id',
      'name',
      'category',
      'price',
      'stock',
      'reserved',
      'available',
      'active',
      'photo',
    ]);
    expect(product).toMatchObject({
      name,
      category,
      price: '12.50',
      stock: 7,
      reserved: 0,
      available: 7,
      active: true,
    });
    const row = await productRow(shop, product.id);
    expect([row.price, row.stock_quantity, row.description]).toEqual([1250, 7, 'Sencha']);
  });

  it('lists, filters by category and shows a product by id or exact name', async () => {
    const category = unique('Cat');
    await shop.run(['category', 'add', category]);
    const name = unique('Oolong');
    const { id } = (
      await shop.run(['product', 'add', '--category', category, '--name', name, '--price', '3', '--json'])
    ).json();

    const filtered = (await shop.run(['product', 'list', '--category', category, '--json'])).json();
    expect(filtered.map((p: { id: number }) => p.id)).toEqual([id]);
    expect((await shop.run(['product', 'list'])).stdout).toContain(name);

    expect((await shop.run(['product', 'show', String(id), '--json'])).json()).toMatchObject({
      id,
      name,
      price: '3.00',
    });
    const byName = await shop.run(['product', 'show', name]);
    expect(byName.stdout).toContain('$3.00');
    const missing = await shop.run(['product', 'show', 'no such product']);
    expect(missing).toMatchObject({ code: 1, stderr: 'No product "no such product" was found.\n' });
  });

  it('updates name, price, category and active flag', async () => {
    const [a, b] = [unique('CatA'), unique('CatB')];
    await shop.run(['category', 'add', a]);
    await shop.run(['category', 'add', b]);
    const { id } = (
      await shop.run(['product', 'add', '--category', a, '--name', unique('P'), '--price', '1', '--json'])
    ).json();
    const newName = unique('Renamed');
    const updated = await shop.run([
      'product',
      'update',
      String(id),
      '--name',
      newName,
      '--price',
      '4.20',
      '--category',
      b,
      '--inactive',
      '--json',
    ]);
    expect(updated.json()).toMatchObject({ id, name: newName, price: '4.20', category: b, active: false });
    expect((await shop.run(['product', 'update', String(id), '--active', '--json'])).json().active).toBe(
      true,
    );

    const nothing = await shop.run(['product', 'update', String(id)]);
    expect(nothing.code).toBe(2);
    const both = await shop.run(['product', 'update', String(id), '--active', '--inactive']);
    expect(both.code).toBe(2);
    const badPrice = await shop.run(['product', 'update', String(id), '--price', '1.234']);
    expect(badPrice).toMatchObject({ code: 2, stderr: '--price must be an amount of USD such as 12.50.\n' });
  });

  it('removes an unordered product, deactivates an ordered one and refuses one in an open order', async () => {
    const category = unique('Cat');
    await shop.run(['category', 'add', category]);
    const add = async () =>
      (
        await shop.run([
          'product',
          'add',
          '--category',
          category,
          '--name',
          unique('P'),
          '--price',
          '1',
          '--stock',
          '5',
          '--json',
        ])
      ).json();
    const fresh = await add();
    const removed = await shop.run(['product', 'remove', String(fresh.id), '--yes', '--json']);
    expect(removed.json()).toEqual({ id: fresh.id, name: fresh.name, result: 'deleted' });
    expect(await t.db.selectFrom('products').select('id').where('id', '=', fresh.id).execute()).toEqual([]);

    const ordered = await add();
    const customer = await newCustomer(shop);
    const order = await orderOf(shop, customer, ordered.id, 1);
    const refused = await shop.run(['product', 'remove', String(ordered.id), '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(order.code);

    await shop.services.orders.cancel(order.code);
    const deactivated = await shop.run(['product', 'remove', String(ordered.id), '--yes']);
    expect(deactivated.code).toBe(0);
    expect(deactivated.stdout).toMatch(/deactivated instead/);
    expect((await productRow(shop, ordered.id)).active).toBe(false);
  });
});
