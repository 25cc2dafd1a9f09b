import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { createServices } from '../../src/services.js';
import { ensureBuilt } from '../support/build.js';
import { createTestShop, grantBonus, newCustomer, newProduct, orderOf } from '../support/shop.js';
import { scratchDir, shopctl } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 4 });
  dir = await scratchDir();
}, 120_000);
afterAll(() => t?.drop());

/** The rows a restore must bring back exactly. */
async function snapshot(db: Db) {
  return {
    orders: await db.selectFrom('orders').selectAll().orderBy('id').execute(),
    items: await db.selectFrom('order_items').selectAll().orderBy('id').execute(),
    ledger: await db.selectFrom('bonus_ledger').selectAll().orderBy('id').execute(),
    stock: await db
      .selectFrom('products')
      .select(['id', 'stock_quantity', 'reserved_quantity'])
      .orderBy('id')
      .execute(),
    inventory: await db.selectFrom('inventory_log').selectAll().orderBy('id').execute(),
  };
}

describe('shopctl db backup / restore', () => {
  it('gives back identical order, ledger and stock rows after the tables are wiped; refused while connected', async () => {
    const shop = createTestShop(t.db);
    const product = await newProduct(shop, { stock: 7 });
    for (let i = 0; i < 3; i++) {
      const customer = await newCustomer(shop);
      await grantBonus(shop, customer, 150);
      await orderOf(shop, customer, product.id, 2);
    }
    const before = await snapshot(t.db);
    expect(before.orders).toHaveLength(3);

    const file = join(dir, 'shop.sql.gz');
    const backup = await shopctl(['db', 'backup', file], { databaseUrl: t.url, cwd: dir });
    expect(backup.stderr).toBe('');
    expect(backup).toMatchObject({ code: 0, stdout: `Backed up to ${file}.\n` });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await shopctl(['db', 'backup', file], { databaseUrl: t.url, cwd: dir });
    expect(again.code).toBe(1);

    // Destructive: a script must say --yes.
    const unconfirmed = await shopctl(['db', 'restore', file], { databaseUrl: t.url, cwd: dir });
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/without confirmation; pass --yes/);

    // The test's own pool stands for a running bot.
    const busy = await shopctl(['db', 'restore', file, '--yes'], { databaseUrl: t.url, cwd: dir });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/other connection\(s\) to the shop's database are open: stop the bot/);

    await t.db.deleteFrom('order_items').execute();
    await t.db.deleteFrom('order_status_history').execute();
    await t.db.updateTable('btc_addresses').set({ order_id: null }).execute();
    await t.db.deleteFrom('bonus_ledger').execute();
    await t.db.updateTable('products').set({ stock_quantity: 0, reserved_quantity: 0 }).execute();
    await t.db.destroy();

    const restore = await shopctl(['db', 'restore', file, '--yes'], { databaseUrl: t.url, cwd: dir });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const db = createDatabase(t.url, { connectionLimit: 2 });
    t.db = db;
    expect(await snapshot(db)).toEqual(before);
    // The restored shop works: the next order takes the last unit.
    const reopened = { ...shop, db, services: createServices(db, createConfig({}), shop.clock) };
    const late = await newCustomer(reopened);
    await orderOf(reopened, late, product.id, 1);
  }, 120_000);
});

describe('shopctl db server', () => {
  it('shows the private server and stops it', async () => {
    const home = await scratchDir();
    const run = (...args: string[]) => shopctl(['db', 'server', ...args], { cwd: home });
    const status = async () => (await run('status', '--json')).stdout;
    expect(JSON.parse(await status())).toMatchObject({ mode: 'private', pid: null });
    // Any command that needs the database starts the server.
    expect((await shopctl(['db', 'status'], { cwd: home })).code).toBe(0);
    const running = JSON.parse(await status()) as { pid: number | null };
    expect(running.pid).toBeGreaterThan(0);
    const stop = await run('stop');
    expect(stop).toMatchObject({ code: 0, stdout: `Stopped the private server (pid ${running.pid}).\n` });
    expect(() => process.kill(running.pid as number, 0)).toThrow();
    expect(JSON.parse(await status())).toMatchObject({ pid: null });
    expect((await run('stop')).stdout).toBe('The private server is not running.\n');
  }, 120_000);

  it('says there is none of its own when DATABASE_URL is set', async () => {
    const result = await shopctl(['db', 'server', 'stop'], { databaseUrl: t.url, cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL is set');
  });
});

describe('shopctl db stats', () => {
  it('lists the tables with their sizes', async () => {
    const result = await shopctl(['db', 'stats', '--json'], { databaseUrl: t.url, cwd: dir });
    expect(result.code).toBe(0);
    const tables = (JSON.parse(result.stdout) as { tables: Array<{ table: string; bytes: number }> }).tables;
    expect(tables.map((t) => t.table)).toEqual(
      expect.arrayContaining(['orders', 'notification_outbox', 'bot_sessions']),
    );
    expect(tables.every((t) => t.bytes > 0)).toBe(true);
  });
});
