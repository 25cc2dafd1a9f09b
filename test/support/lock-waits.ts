import { sql } from 'kysely';
import type { TestDatabase } from './test-database.js';

/** The test database's name, which InnoDB's lock reports use to name its tables. */
export function databaseName(t: TestDatabase): string {
  return new URL(t.url).pathname.slice(1);
}

/** Transactions of this test database now waiting for a row lock. */
async function lockWaiters(t: TestDatabase): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*) as n from information_schema.innodb_trx t
    join information_schema.processlist p on p.id = t.trx_mysql_thread_id
    where t.trx_state = 'LOCK WAIT' and p.db = ${databaseName(t)}`.execute(t.db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Waits until `count` transactions of this database wait for a lock (the event a race test stages). */
export async function untilLockWaits(t: TestDatabase, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await lockWaiters(t)) < count) {
    if (Date.now() > deadline) throw new Error(`Never saw ${count} transaction(s) waiting for a lock.`);
    // InnoDB refreshes its transaction tables only when they were not read for 0.1 s: poll slower than that.
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * InnoDB's report of the latest deadlock on the server, or '' when there was none. Deadlocks are retried
 * silently by inTransaction, so this is how a test sees that one happened; the report names the tables (with
 * this database's name) whose locks were involved.
 */
export async function latestDeadlock(t: TestDatabase): Promise<string> {
  const result = await sql<{ Status: string }>`show engine innodb status`.execute(t.db);
  const status = result.rows[0]?.Status ?? '';
  const start = status.indexOf('LATEST DETECTED DEADLOCK');
  if (start < 0) return '';
  const end = status.indexOf('\nTRANSACTIONS\n', start);
  return status.slice(start, end < 0 ? undefined : end);
}
