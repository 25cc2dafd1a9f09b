import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/cli/csv.js';
import { checkout, newCustomer, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || (c === '\r' && text[i + 1] === '\n')) {
      row.push(cell);
      cell = '';
      if (c === '\r') {
        rows.push(row);
        row = [];
        i++;
      }
    } else {
      cell += c;
    }
  }
  return rows;
}

async function readCsv(path: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ''])));
}

describe('csv cells', () => {
  it('quotes separators and quotes, and defuses formula starts', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+15550100')).toBe("'+15550100");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

describe('export', () => {
  it('writes customers, orders and refcodes CSV files into --output-dir', async () => {
    const customer = await newCustomer(shop);
    await t.db
      .updateTable('users')
      .set({ first_name: '=HYPERLINK("http://evil")' })
      .where('id', '=', customer)
      .execute();
    await shop.services.catalog.addCategory('Tea');
    const product = await shop.services.catalog.addProduct({
      category: 'Tea',
      name: '@tea, "green"',
      price: 1250,
      stock: 9,
    });
    await shop.services.cart.setQuantity(customer, product.id, 2);
    const order = await shop.services.orders.place({
      userId: customer,
      paymentMethod: 'cod',
      address: '1 Main St, Flat "B"',
      phone: checkout.phone,
      note: '-call first',
    });
    const deliveryTime = shop.clock.inHours(27);
    await shop.services.orders.confirm(order.code, { deliveryTime });
    const code = await shop.services.refcodes.create({ maxUses: 2, note: '+vip' });

    const dir = join(await mkdtemp(join(tmpdir(), 'shopctl-export-')), 'out');
    const result = await shop.run(['export', '--all', '--output-dir', dir, '--json']);
    expect(result.code).toBe(0);
    expect(result.json().files.map((f: { name: string; rows: number }) => [f.name, f.rows])).toEqual([
      ['customers.csv', 1],
      ['orders.csv', 1],
      ['refcodes.csv', 1],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['customers.csv', 'orders.csv', 'refcodes.csv']);

    const [orderRow] = await readCsv(join(dir, 'orders.csv'));
    expect(orderRow).toMatchObject({
      code: order.code,
      status: 'confirmed',
      payment_method: 'cod',
      items: '2 x @tea, "green"', // starts with a digit, so not defused
      subtotal: '25.00',
      bonus_applied: '0.00',
      total: '25.00',
      btc_address: '',
      delivery_time: deliveryTime.toISOString(),
      delivery_address: '1 Main St, Flat "B"',
      phone: `'${checkout.phone}`,
      note: "'-call first",
    });
    const [customerRow] = await readCsv(join(dir, 'customers.csv'));
    expect(customerRow).toMatchObject({
      telegram_id: String(customer),
      first_name: `'=HYPERLINK("http://evil")`,
    });
    const [codeRow] = await readCsv(join(dir, 'refcodes.csv'));
    expect(codeRow).toMatchObject({ code: code.code, state: 'active', max_uses: '2', note: "'+vip" });
  });

  it('exports only what is asked for, and everything when nothing is', async () => {
    const base = await mkdtemp(join(tmpdir(), 'shopctl-export-'));
    await shop.run(['export', '--orders', '--output-dir', join(base, 'one')]);
    expect(await readdir(join(base, 'one'))).toEqual(['orders.csv']);
    const all = await shop.run(['export', '--output-dir', join(base, 'all')]);
    expect(all.stdout).toMatch(/Exported 3 file\(s\)/);
    expect((await readdir(join(base, 'all'))).sort()).toEqual([
      'customers.csv',
      'orders.csv',
      'refcodes.csv',
    ]);
  });
});
