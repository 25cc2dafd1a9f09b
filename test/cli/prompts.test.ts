import { describe, expect, it } from 'vitest';
import { newCustomer, newProduct, orderOf, productRow, unique, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop, typedTime } from './support/cli.js';

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

async function reservedOrder(quantity = 1) {
  const customer = await newCustomer(shop);
  const product = await newProduct(shop, { stock: 5 });
  return { product, order: await orderOf(shop, customer, product.id, quantity) };
}

describe('on a terminal, missing arguments are asked for', () => {
  it('order confirm lists only reserved orders to pick from, then asks for the delivery time', async () => {
    const { order } = await reservedOrder();
    const { order: confirmed } = await reservedOrder();
    await shop.services.orders.confirm(confirmed.code);

    const when = typedTime(shop.clock, 98, 'UTC');
    const result = await shop.run(['order', 'confirm', '--json'], { answers: [order.code, when.text] });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ code: order.code, status: 'confirmed', delivery_time: when.iso });
    const [pick, time] = result.prompter.asked;
    expect(pick?.kind).toBe('select');
    expect(pick?.choices?.some((c) => c.startsWith(order.code))).toBe(true);
    expect(pick?.choices?.some((c) => c.startsWith(confirmed.code))).toBe(false);
    expect(time).toMatchObject({ kind: 'input' });
    expect(time?.message).toMatch(/Delivery time \(YYYY-MM-DD HH:MM, UTC; Enter for none\)/);
  });

  it('an empty delivery time answer confirms without one', async () => {
    const { order } = await reservedOrder();
    const result = await shop.run(['order', 'confirm', '--json'], { answers: [order.code, ''] });
    expect(result.json()).toMatchObject({ code: order.code, delivery_time: null });
  });

  it('product add asks for category, name and price', async () => {
    const category = unique('Cat');
    await shop.run(['category', 'add', category]);
    const name = unique('Asked');
    const result = await shop.run(['product', 'add', '--stock', '2', '--json'], {
      answers: [category, name, '9.99'],
    });
    expect(result.json()).toMatchObject({ name, category, price: '9.99', stock: 2 });
    expect(result.prompter.asked.map((a) => a.kind)).toEqual(['select', 'input', 'input']);
  });

  it('inventory add asks for the product and quantity', async () => {
    const product = await newProduct(shop, { stock: 1 });
    const result = await shop.run(['inventory', 'add'], { answers: [String(product.id), '4'] });
    expect(result.code).toBe(0);
    expect((await productRow(shop, product.id)).stock_quantity).toBe(5);
  });

  it('settings set asks for the key and the value', async () => {
    const result = await shop.run(['settings', 'set'], { answers: ['low_btc_pool_threshold', '7'] });
    expect(result.stdout).toBe('low_btc_pool_threshold = 7\n');
  });

  it('says so when there is nothing to pick from', async () => {
    const result = await shop.run(['refcode', 'disable'], { answers: [] });
    expect(result).toMatchObject({ code: 1, stderr: 'There are no active reference codes.\n' });
  });
});

describe('without a terminal nothing is asked', () => {
  it.each([
    [['order', 'confirm'], /Missing the order code/],
    [['category', 'add'], /Missing the category name/],
    [['product', 'add', '--name', 'x', '--price', '1'], /Missing --category/],
    [['inventory', 'set', 'some product'], /Missing the quantity/],
    [['user', 'ban'], /Missing the Telegram id/],
    [['settings', 'get'], /Missing the setting name/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await shop.run(args as string[], { interactive: false });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.prompter.asked).toEqual([]);
  });
});

describe('destructive commands ask for confirmation on a terminal', () => {
  it('cancels only after a yes; a no changes nothing', async () => {
    const { order } = await reservedOrder();
    const declined = await shop.run(['order', 'cancel', order.code], { answers: [false] });
    expect(declined).toMatchObject({ code: 1, stderr: 'Cancelled; nothing was changed.\n' });
    expect(declined.prompter.asked[0]?.message).toMatch(
      new RegExp(`^Cancel reserved order ${order.code} of @user\\d+`),
    );
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');

    const accepted = await shop.run(['order', 'cancel', order.code], { answers: [true] });
    expect(accepted.code).toBe(0);
    expect((await shop.services.orders.get(order.code)).status).toBe('cancelled');
  });

  it('--yes skips the question', async () => {
    const category = unique('Gone');
    await shop.run(['category', 'add', category]);
    const result = await shop.run(['category', 'remove', category, '--yes'], { answers: [] });
    expect(result.code).toBe(0);
    expect(result.prompter.asked).toEqual([]);
  });

  it('a removal picked from a list is still confirmed', async () => {
    const category = unique('Picked');
    await shop.run(['category', 'add', category]);
    const result = await shop.run(['category', 'remove'], { answers: [category, true] });
    expect(result.code).toBe(0);
    expect(result.prompter.asked.map((a) => a.kind)).toEqual(['select', 'confirm']);
    expect(await t.db.selectFrom('categories').select('id').where('name', '=', category).execute()).toEqual(
      [],
    );
  });
});
