import { sql } from 'kysely';
import type { Executor } from '../db/transaction.js';

/**
 * Read-only SQL behind /health and /metrics. These are counts over the shared database rather than counters kept
 * in one process, so every process of the shop reports the same shop-wide numbers, whichever one is scraped.
 */

/** A round trip to the server; throws when it is unreachable. */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}

export interface OutboxCounts {
  /** Pending rows already due: the delivery backlog. */
  backlog: number;
  /** Seconds the oldest due row has been waiting; 0 without a backlog. */
  oldestDueSeconds: number;
  failed: number;
}

/** `now` is the shop's clock, the one the outbox schedules and claims rows by. */
export async function outboxCounts(db: Executor, now: Date): Promise<OutboxCounts> {
  const row = await db
    .selectFrom('notification_outbox')
    .select([
      sql<number>`coalesce(sum(status = 'pending' and next_attempt_at <= ${now}), 0)`.as('backlog'),
      sql<number>`coalesce(timestampdiff(second, min(case when status = 'pending' and next_attempt_at <= ${now} then next_attempt_at end), ${now}), 0)`.as(
        'oldest',
      ),
      sql<number>`coalesce(sum(status = 'failed'), 0)`.as('failed'),
    ])
    .executeTakeFirstOrThrow();
  return { backlog: Number(row.backlog), oldestDueSeconds: Number(row.oldest), failed: Number(row.failed) };
}

export async function ordersByStatus(db: Executor): Promise<Array<{ status: string; count: number }>> {
  const rows = await db
    .selectFrom('orders')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

/** Every recorded transition, by the status it led to; placing an order is the one to "reserved". */
export async function transitionsByStatus(db: Executor): Promise<Array<{ status: string; count: number }>> {
  const rows = await db
    .selectFrom('order_status_history')
    .select(['to_status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('to_status')
    .execute();
  return rows.map((row) => ({ status: row.to_status, count: Number(row.count) }));
}

/**
 * The job leases: a lease is released by setting its expiry to the moment the run ended, so for a job not
 * running now `expires_at` is when its last run anywhere finished.
 */
export async function jobLeases(
  db: Executor,
): Promise<Array<{ name: string; holder: string; expiresAt: Date; running: boolean }>> {
  const rows = await db
    .selectFrom('job_leases')
    .select(['name', 'holder', 'expires_at', sql<number>`expires_at > utc_timestamp(3)`.as('running')])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    name: row.name,
    holder: row.holder,
    expiresAt: row.expires_at,
    running: Boolean(Number(row.running)),
  }));
}
