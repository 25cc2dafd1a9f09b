import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '../../src/db/migrator.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function newProduct(name: string, stock: number, reserved: number) {
  const category = await t.db
    .insertInto('categories')
    .values({ name: `cat-${name}` })
    .executeTakeFirstOrThrow();
  return t.db
    .insertInto('products')
    .values({
      category_id: Number(category.insertId),
      name,
      price: 100,
      stock_quantity: stock,
      reserved_quantity: reserved,
    })
    .execute();
}

describe('schema', () => {
  it('applies every migration', async () => {
    const status = await migrationStatus(t.db);
    expect(status.length).toBeGreaterThanOrEqual(3);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  it('refuses stock below reserved and negative reservations', async () => {
    await expect(newProduct('too-reserved', 1, 2)).rejects.toThrow(/products_stock_covers_reserved/);
    await expect(newProduct('negative-reserved', 1, -1)).rejects.toThrow(/products_reserved_non_negative/);
    await expect(newProduct('fine', 2, 2)).resolves.toBeDefined();
  });

  it('refuses a negative price', async () => {
    const category = await t.db.insertInto('categories').values({ name: 'prices' }).executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('products')
        .values({ category_id: Number(category.insertId), name: 'negative', price: -1 })
        .execute(),
    ).rejects.toThrow(/products_price_non_negative/);
  });

  it('refuses a bonus ledger balance below zero', async () => {
    await t.db.insertInto('users').values({ id: 42, first_name: 'A' }).execute();
    await expect(
      t.db
        .insertInto('bonus_ledger')
        .values({ user_id: 42, amount: -5, balance_after: -5, kind: 'adjustment', created_at: new Date() })
        .execute(),
    ).rejects.toThrow(/bonus_ledger_balance_non_negative/);
  });

  it('stores times in UTC', async () => {
    const row = await sql<{ tz: string }>`select @@session.time_zone as tz`.execute(t.db);
    expect(row.rows[0]?.tz).toBe('+00:00');
  });
});
