import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomer, orderOf } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

/** Clears the screen, retitles the window, returns the cursor, flips the text, and a C1 CSI for good measure. */
const HOSTILE = 'A\x1b[2J\x1b]0;owned\x07B\rC\u202eD\x9b31mE';
const SHOWN = 'A\\x1b[2J\\x1b]0;owned\\x07B\\rC\\u202eD\\x9b31mE';
// Anything a terminal would act on; a plain newline is the table's own.
const RAW_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

let t: TestDatabase;
let shop: CliShop;
let customer: number;
let productId: number;
let orderCode: string;
let threadId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  shop = createCliShop(t.db);
  customer = await newCustomer(shop);
  await shop.services.catalog.addCategory('Tea');
  const product = await shop.services.catalog.addProduct({
    category: 'Tea',
    name: 'Green',
    price: 100,
    stock: 5,
  });
  productId = product.id;
  const order = await orderOf(shop, customer, product.id, 1);
  orderCode = order.code;
  await shop.services.refcodes.create({ maxUses: 1, note: 'x' });
  await shop.services.inventory.adjust(String(product.id), 'add', 1, { reason: HOSTILE, actor: 'owner' });
  // What customers (and a careless owner) can type, written straight to the rows the CLI shows.
  const tx = (table: 'users' | 'categories' | 'products' | 'orders' | 'order_items' | 'reference_codes') =>
    t.db.updateTable(table);
  await tx('users')
    .set({ first_name: HOSTILE, last_name: HOSTILE, username: `u${HOSTILE}` })
    .where('id', '=', customer)
    .execute();
  await tx('categories')
    .set({ name: `c${HOSTILE}` })
    .execute();
  await tx('products')
    .set({ name: `p${HOSTILE}`, description: HOSTILE })
    .execute();
  await tx('order_items')
    .set({ product_name: `i${HOSTILE}` })
    .execute();
  await tx('orders')
    .set({ delivery_address: HOSTILE, delivery_phone: `+1${HOSTILE}`, delivery_note: HOSTILE })
    .execute();
  await tx('reference_codes').set({ note: HOSTILE }).execute();
  // The support inbox, staff notes and the outbox's errors go through the services, as the bot and jobs write
  // them: a customer's Help message and name, a note pasted from one, an error that quotes a sent text.
  threadId = await shop.services.support.ask(
    { telegram_id: customer, username: `u${HOSTILE}`, name: HOSTILE },
    `m${HOSTILE}`,
  );
  await shop.services.orderNotes.add(orderCode, `n${HOSTILE}`);
  await t.db.updateTable('notification_outbox').set({ last_error: HOSTILE }).execute();
}, 120_000);
afterAll(() => t.drop());

describe('customer text in CLI output', () => {
  const commands = () => [
    ['order', 'list'],
    ['order', 'show', orderCode],
    ['user', 'list'],
    ['user', 'show', String(customer)],
    ['product', 'list'],
    ['product', 'show', String(productId)],
    ['category', 'list'],
    ['refcode', 'list'],
    ['inventory', 'list'],
    ['inventory', 'log'],
    ['support', 'list'],
    ['support', 'show', String(threadId)],
    ['outbox', 'list'],
    ['order', 'list', '--search', 'A'],
  ];

  it('shows control and escape characters escaped in every table', async () => {
    for (const args of commands()) {
      const result = await shop.run(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(result.stdout, args.join(' ')).toContain(SHOWN);
    }
  });

  it('shows the support inbox, staff notes and outbox errors escaped', async () => {
    const expected: [string[], string][] = [
      [['support', 'list'], `m${SHOWN}`],
      [['support', 'show', String(threadId)], `m${SHOWN}`],
      [['order', 'show', orderCode], `n${SHOWN}`],
      [['outbox', 'list'], SHOWN],
    ];
    for (const [args, shown] of expected) {
      const result = await shop.run(args);
      expect(result.stdout, args.join(' ')).toContain(shown);
      expect(result.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
    }
  });

  it('escapes them in one-line messages and on stderr too', async () => {
    const renamed = await shop.run(['category', 'rename', `c${HOSTILE}`, `n${HOSTILE}`]);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toContain(`"n${SHOWN}"`);
    expect(renamed.stdout).not.toMatch(RAW_CONTROL);
    const missing = await shop.run(['product', 'show', `missing${HOSTILE}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`missing${SHOWN}`);
    expect(missing.stderr).not.toMatch(RAW_CONTROL);
  });

  it('cuts long values in lists and keeps them whole in --json', async () => {
    const long = `${'x'.repeat(180)}END`;
    await t.db.updateTable('products').set({ name: long }).where('id', '=', productId).execute();
    const list = await shop.run(['product', 'list']);
    expect(list.stdout).toContain(`${'x'.repeat(59)}…`);
    expect(list.stdout).not.toContain('x'.repeat(61));
    expect(list.stdout).not.toContain('END');
    const json = await shop.run(['product', 'list', '--json']);
    expect(JSON.stringify(json.json())).toContain(long);
  });
});
