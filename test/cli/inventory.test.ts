import { describe, expect, it } from 'vitest';
import { newCustomer, newProduct, orderOf, productRow, useTestShop } from '../support/shop.js';
import { type CliShop, createCliShop } from './support/cli.js';

let shop: CliShop;
useTestShop((created) => {
  ({ shop } = created);
}, createCliShop);

describe('inventory', () => {
  it('sets, adds and removes stock, logging who and why', async () => {
    const product = await newProduct(shop, { stock: 10 });
    const set = await shop.run(['inventory', 'set', product.name, '4', '--reason', 'count', '--json']);
    expect(set.json()).toMatchObject({ id: product.id, stock: 4, available: 4 });
    const added = await shop.run(['inventory', 'add', String(product.id), '6']);
    expect(added.stdout).toBe(`Stock of "${product.name}" raised to 10 (10 available).\n`);
    await shop.run(['inventory', 'remove', String(product.id), '3', '--reason', 'broken']);
    expect((await productRow(shop, product.id)).stock_quantity).toBe(7);

    const log = (await shop.run(['inventory', 'log', String(product.id), '--limit', '2', '--json'])).json();
    expect(log.map((e: { stock_delta: number; reason: string | null }) => [e.stock_delta, e.reason])).toEqual(
      [
        [-3, 'broken'],
        [6, null],
      ],
    );
    expect(log[0]).toMatchObject({ product: product.name, kind: 'adjust', stock_after: 7, actor: 'owner' });
    expect((await shop.run(['inventory', 'log'])).stdout).toContain('broken');
  });

  it('refuses to take stock below what open orders reserve', async () => {
    const product = await newProduct(shop, { stock: 5 });
    const customer = await newCustomer(shop);
    await orderOf(shop, customer, product.id, 4);
    const refused = await shop.run(['inventory', 'remove', String(product.id), '2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has 4 unit\(s\) reserved by open orders/);
    expect((await productRow(shop, product.id)).stock_quantity).toBe(5);
    expect((await shop.run(['inventory', 'add', String(product.id), '0'])).code).toBe(1);
    expect((await shop.run(['inventory', 'add', String(product.id), 'many'])).code).toBe(2);
  });

  it('lists stock levels, with --low only the products running out', async () => {
    const plenty = await newProduct(shop, { stock: 50 });
    const few = await newProduct(shop, { stock: 1 });
    const low = (await shop.run(['inventory', 'list', '--low', '1', '--json'])).json();
    const ids = low.map((p: { id: number }) => p.id);
    expect(ids).toContain(few.id);
    expect(ids).not.toContain(plenty.id);
    expect(low.every((p: { available: number }) => p.available <= 1)).toBe(true);
    const all = await shop.run(['inventory', 'list']);
    expect(all.stdout).toContain(plenty.name);
    expect((await shop.run(['inventory', 'list', '--low', '-1'])).code).toBe(2);
  });
});
