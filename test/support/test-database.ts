import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A database with no tables at all on the test server (for watching a program migrate it). */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = new URL(inject('databaseUrl'));
  const name = `shop_test_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: serverUrl.href });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl.href);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

/** A fresh, migrated database of its own on the test server, for one test file. */
export async function createTestDatabase(options: { connectionLimit?: number } = {}): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const db = createDatabase(empty.url, { connectionLimit: options.connectionLimit ?? 60 });
  await migrateToLatest(db);
  return {
    db,
    url: empty.url,
    async drop() {
      await db.destroy();
      await empty.drop();
    },
  };
}
