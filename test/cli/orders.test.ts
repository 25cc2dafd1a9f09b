import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../src/shared/time.js';
import { newCustomer, newProduct, orderOf, productRow } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop, outboxFor, typedTime } from './support/cli.js';

let t: TestDatabase;
let shop: CliShop;
beforeAll(async () => {
  t = await createTestDatabase();
  shop = createCliShop(t.db);
  await shop.services.settings.set('timezone', 'Europe/Berlin');
});
afterAll(() => t.drop());

const ORDER_KEYS = [
  'code',
  'status',
  'payment_method',
  'customer',
  'items',
  'subtotal',
  'bonus_applied',
  'total',
  'currency',
  'delivery_address',
  'phone',
  'note',
  'delivery_time',
  'reserved_until',
  'btc_address',
  'btc_amount',
  'created_at',
];

async function placed(quantity = 2, stock = 10) {
  const customer = await newCustomer(shop);
  const product = await newProduct(shop, { stock, price: 1250 });
  const order = await orderOf(shop, customer, product.id, quantity);
  return { customer, product, order };
}

describe('order list and show', () => {
  it('prints an order as JSON with exactly the documented keys', async () => {
    const { customer, product, order } = await placed(2);
    const shown = await shop.run(['order', 'show', order.code.toLowerCase(), '--json']);
    expect(shown.code).toBe(0);
    const json = shown.json();
    // `show` adds the Bitcoin payment (null for cash on delivery) and the staff's notes.
    expect(Object.keys(json)).toEqual([...ORDER_KEYS, 'payment', 'staff_notes']);
    expect(json).toMatchObject({
      payment: null,
      staff_notes: [],
      code: order.code,
      status: 'reserved',
      payment_method: 'cod',
      customer: { telegram_id: customer, username: `user${customer}` },
      items: [{ product_id: product.id, product: product.name, quantity: 2, unit_price: '12.50' }],
      subtotal: '25.00',
      bonus_applied: '0.00',
      total: '25.00',
      currency: 'USD',
      delivery_time: null,
      reserved_until: shop.clock.inHours(24).toISOString(),
      btc_address: null,
      btc_amount: null,
      created_at: shop.clock.now().toISOString(),
    });
    expect(Object.keys(json.customer)).toEqual(['telegram_id', 'username']);
  });

  it('shows an order for people, with items, times in the shop zone and history', async () => {
    const { order, product } = await placed(1);
    const shown = await shop.run(['order', 'show', order.code]);
    expect(shown.stdout).toContain(product.name);
    const reservedUntil = formatLocalDateTime(shop.clock.inHours(24), 'Europe/Berlin');
    expect(shown.stdout).toContain(`${reservedUntil} (Europe/Berlin)`);
    expect(shown.stdout).toContain('customer:');
  });

  it('lists orders newest first, filtered by status and limited', async () => {
    const first = await placed(1);
    const second = await placed(1);
    await shop.services.orders.confirm(second.order.code);
    const reserved = (await shop.run(['order', 'list', '--status', 'reserved', '--json'])).json();
    expect(reserved.map((o: { code: string }) => o.code)).toContain(first.order.code);
    expect(reserved.every((o: { status: string }) => o.status === 'reserved')).toBe(true);
    const limited = (await shop.run(['order', 'list', '--limit', '1', '--json'])).json();
    expect(limited.map((o: { code: string }) => o.code)).toEqual([second.order.code]);
    expect((await shop.run(['order', 'list'])).stdout).toContain(second.order.code);

    expect((await shop.run(['order', 'list', '--status', 'lost'])).code).toBe(2);
    expect((await shop.run(['order', 'list', '--limit', '0'])).code).toBe(2);
  });

  it('refuses an unknown order code with exit 1 and one sentence', async () => {
    const result = await shop.run(['order', 'show', 'nosuch']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'No order "NOSUCH" was found.\n' });
  });
});

describe('order lifecycle', () => {
  it('confirms with a delivery time in the shop zone, then delivers, telling the customer each time', async () => {
    const { customer, product, order } = await placed(2, 5);
    const when = typedTime(shop.clock, 46.5);
    const confirmed = await shop.run([
      'order',
      'confirm',
      order.code,
      '--delivery-time',
      when.text,
      '--json',
    ]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', delivery_time: when.iso });

    const delivered = await shop.run(['order', 'deliver', order.code]);
    expect(delivered.stdout).toBe(`Order ${order.code} delivered; the customer will be notified.\n`);
    const row = await productRow(shop, product.id);
    expect([row.stock_quantity, row.reserved_quantity]).toEqual([3, 0]);
    const kinds = (await outboxFor(t.db, customer)).map((m) => m.kind);
    expect(kinds).toEqual(['order_confirmed', 'order_delivered']);
    expect(JSON.parse((await outboxFor(t.db, customer))[0]?.payload ?? '{}').delivery_time).toBe(when.iso);
  });

  it('--no-notify changes the order without a message to the customer', async () => {
    const { customer, order } = await placed(1);
    const result = await shop.run(['order', 'confirm', order.code, '--no-notify']);
    expect(result.stdout).toBe(`Order ${order.code} confirmed; the customer was not notified.\n`);
    expect(await outboxFor(t.db, customer)).toEqual([]);
  });

  it('refuses an illegal transition and a malformed or past delivery time', async () => {
    const { order } = await placed(1);
    const deliver = await shop.run(['order', 'deliver', order.code]);
    expect(deliver).toMatchObject({
      code: 1,
      stderr: `Order ${order.code} is reserved and cannot be delivered.\n`,
    });
    const malformed = await shop.run(['order', 'confirm', order.code, '--delivery-time', 'tomorrow']);
    expect(malformed.code).toBe(2);
    const yesterday = typedTime(shop.clock, -24).text;
    const past = await shop.run(['order', 'confirm', order.code, '--delivery-time', yesterday]);
    expect(past).toMatchObject({ code: 1, stderr: 'The delivery time must be in the future.\n' });
    const far = await shop.run([
      'order',
      'confirm',
      order.code,
      '--delivery-time',
      typedTime(shop.clock, 24 * 400).text,
    ]);
    expect(far).toMatchObject({ code: 1, stderr: 'The delivery time must be within a year from now.\n' });
    const gap = await shop.run(['order', 'confirm', order.code, '--delivery-time', '2027-03-28 02:30']);
    expect(gap).toMatchObject({
      code: 2,
      stderr:
        '2027-03-28 02:30 does not exist in Europe/Berlin: the clocks jump forward over it; choose another time.\n',
    });
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
    // An explicit offset wins over the shop's zone.
    const when = typedTime(shop.clock, 30);
    const plusTwo = new Date(Date.parse(when.iso) + 2 * 3_600_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    const offset = await shop.run([
      'order',
      'confirm',
      order.code,
      '--delivery-time',
      `${plusTwo}+02:00`,
      '--json',
    ]);
    expect(offset.json()).toMatchObject({ status: 'confirmed', delivery_time: when.iso });
  });

  it('cancels with a reason: stock is released and the customer is told why', async () => {
    const { customer, product, order } = await placed(3, 5);
    const result = await shop.run([
      'order',
      'cancel',
      order.code,
      '--reason',
      'out of season',
      '--yes',
      '--json',
    ]);
    expect(result.json().status).toBe('cancelled');
    expect((await productRow(shop, product.id)).reserved_quantity).toBe(0);
    const [message] = await outboxFor(t.db, customer);
    expect(message?.kind).toBe('order_cancelled');
    expect(JSON.parse(message?.payload ?? '{}').reason).toBe('out of season');
    const again = await shop.run(['order', 'cancel', order.code, '--yes']);
    expect(again).toMatchObject({
      code: 1,
      stderr: `Order ${order.code} is cancelled and cannot be cancelled.\n`,
    });
  });

  it('cancel without a terminal and without --yes is a usage error that changes nothing', async () => {
    const { order } = await placed(1);
    const result = await shop.run(['order', 'cancel', order.code]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pass --yes/);
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
  });
});

describe('order items and delivery time', () => {
  it('adds and removes items, recomputing the total and reserving stock', async () => {
    const { customer, product, order } = await placed(1, 10);
    const added = await shop.run([
      'order',
      'add-item',
      order.code,
      product.name,
      '--quantity',
      '2',
      '--json',
    ]);
    expect(added.json()).toMatchObject({ total: '37.50', items: [{ quantity: 3 }] });
    expect((await productRow(shop, product.id)).reserved_quantity).toBe(3);

    const other = await newProduct(shop, { stock: 4, price: 100 });
    await shop.run(['order', 'add-item', order.code, String(other.id)]);
    const removed = await shop.run(['order', 'remove-item', order.code, String(other.id), '--yes', '--json']);
    expect(removed.json().items.map((i: { product_id: number }) => i.product_id)).toEqual([product.id]);
    const partly = await shop.run([
      'order',
      'remove-item',
      order.code,
      product.name,
      '--quantity',
      '1',
      '--yes',
    ]);
    expect(partly.code).toBe(0);
    expect((await productRow(shop, product.id)).reserved_quantity).toBe(2);
    expect((await outboxFor(t.db, customer)).map((m) => m.kind)).toEqual([
      'order_items_changed',
      'order_items_changed',
      'order_items_changed',
      'order_items_changed',
    ]);

    const tooMany = await shop.run(['order', 'add-item', order.code, String(other.id), '--quantity', '99']);
    expect(tooMany).toMatchObject({
      code: 1,
      stderr: `Only 4 of "${other.name}" available, 99 requested.\n`,
    });
  });

  it('sets the delivery time of an open order in the shop zone', async () => {
    const { order } = await placed(1);
    const first = typedTime(shop.clock, 30);
    const result = await shop.run([
      'order',
      'set-delivery-time',
      order.code,
      first.text,
      '--no-notify',
      '--json',
    ]);
    expect(result.json().delivery_time).toBe(first.iso);
    const second = typedTime(shop.clock, 45.25).text;
    const human = await shop.run(['order', 'set-delivery-time', order.code, second]);
    expect(human.stdout).toBe(
      `Order ${order.code} will be delivered ${second} (Europe/Berlin); the customer will be notified.\n`,
    );
  });
});
