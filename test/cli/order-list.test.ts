import { describe, expect, it } from 'vitest';
import { liftOrderLimits, newCustomer, newProduct, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

async function place(customer: number, productId: number, address: string, phone = '+15550100000') {
  await shop.services.cart.setQuantity(customer, productId, 1);
  return shop.services.orders.place({ userId: customer, paymentMethod: 'cod', address, phone });
}

const codes = (result: { json(): { code: string }[] }) =>
  result
    .json()
    .map((o) => o.code)
    .sort();

describe('order list filters', () => {
  it('by status, customer, time and text', async () => {
    const product = await newProduct(shop, { stock: 100 });
    const alice = await newCustomer(shop);
    const bob = await newCustomer(shop);
    await t.db
      .updateTable('users')
      .set({ first_name: 'Zoë', last_name: 'Quartz' })
      .where('id', '=', bob)
      .execute();
    // Placed ten days ago by the test clock: older than --since 7d, and than today.
    shop.clock.advanceHours(-240);
    const old = await place(alice, product.id, '9 Old Road');
    shop.clock.advanceHours(240);
    const reserved = await place(alice, product.id, '1 Elm Street');
    const confirmed = await place(bob, product.id, '2 Birch Lane', '+15557770000');
    await shop.services.orders.confirm(confirmed.code);
    const cancelled = await place(bob, product.id, '3 Birch Lane');
    await shop.services.orders.cancel(cancelled.code);
    const ours = [old, reserved, confirmed, cancelled].map((o) => o.code).sort();
    const list = (args: string[]) => shop.run(['order', 'list', '--limit', '100', '--json', ...args]);

    expect(codes(await list(['--customer', String(alice)]))).toEqual([old.code, reserved.code].sort());
    expect(codes(await list(['--customer', `@user${bob}`]))).toEqual([confirmed.code, cancelled.code].sort());
    expect(
      codes(await list(['--customer', String(bob), '--status', 'reserved,confirmed', '--status', 'expired'])),
    ).toEqual([confirmed.code]);
    expect(codes(await list(['--customer', String(alice), '--since', '7d']))).toEqual([reserved.code]);
    expect(codes(await list(['--customer', String(alice), '--until', '7d']))).toEqual([old.code]);
    expect(codes(await list(['--customer', String(alice), '--today']))).toEqual([reserved.code]);

    const search = async (text: string) =>
      codes(await list(['--search', text])).filter((code) => ours.includes(code));
    expect(await search('birch')).toEqual([confirmed.code, cancelled.code].sort());
    expect(await search('5557770')).toEqual([confirmed.code]);
    expect(await search('zoë quartz')).toEqual([confirmed.code, cancelled.code].sort());
    expect(await search(reserved.code.toLowerCase())).toEqual([reserved.code]);
    expect(await search('100%')).toEqual([]);

    const unknown = await shop.run(['order', 'list', '--customer', '@nobody_at_all']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'No customer "@nobody_at_all" was found.\n' });
    const bad = await shop.run(['order', 'list', '--since', 'last tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--since must be like 7d/);
    expect((await shop.run(['order', 'list', '--status', 'lost'])).code).toBe(2);
  });
});

describe('paging', () => {
  it('order list pages through the matches, newest first, with a footer', async () => {
    await liftOrderLimits(shop);
    const product = await newProduct(shop, { stock: 100 });
    const customer = await newCustomer(shop);
    const placed: string[] = [];
    for (let i = 0; i < 25; i++) placed.push((await place(customer, product.id, `${i} Page Street`)).code);
    const newestFirst = [...placed].reverse();
    const page = (n: number) =>
      shop.run(['order', 'list', '--customer', String(customer), '--limit', '10', '--page', String(n)]);

    const second = await shop.run([
      'order',
      'list',
      '--customer',
      String(customer),
      '--limit',
      '10',
      '--page',
      '2',
      '--json',
    ]);
    expect(second.json().map((o: { code: string }) => o.code)).toEqual(newestFirst.slice(10, 20));
    const third = await page(3);
    expect(third.stdout).toMatch(/showing 21-25 of 25\n$/);
    for (const code of newestFirst.slice(20)) expect(third.stdout).toContain(code);
    expect((await page(4)).stdout).toBe('No orders.\nshowing none of 25\n');
    expect((await shop.run(['order', 'list', '--page', '0'])).code).toBe(2);
  });

  it('every list takes --limit and --page', async () => {
    for (let i = 0; i < 3; i++) await newCustomer(shop);
    const total = (await shop.run(['user', 'list', '--json'])).json().length;
    const users = await shop.run(['user', 'list', '--limit', '2', '--page', '2']);
    expect(users.stdout).toMatch(new RegExp(`showing 3-4 of ${total}\\n$`));
    expect((await shop.run(['user', 'list', '--limit', '2', '--json'])).json()).toHaveLength(2);
    for (const args of [
      ['product', 'list'],
      ['refcode', 'list'],
      ['btc', 'list', '--all'],
    ]) {
      const result = await shop.run([...args, '--limit', '1', '--page', '1', '--json']);
      expect(result.code).toBe(0);
      expect(result.json().length).toBeLessThanOrEqual(1);
    }
    await shop.services.refcodes.create({});
    await shop.services.refcodes.create({});
    expect((await shop.run(['refcode', 'list', '--limit', '1'])).stdout).toMatch(/showing 1-1 of \d+\n$/);
  });
});
