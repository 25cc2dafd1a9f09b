import type { Kysely, Transaction } from 'kysely';
import { RETRYABLE_ERRNOS } from '../shared/db-errors.js';
import type { Database } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

const MAX_ATTEMPTS = 8;

/**
 * Thrown by work that finds, after taking a lock, rows it should have locked before it (to keep the shop's lock
 * order): the transaction is rolled back and run again from the start, like after a deadlock.
 */
export class StartOverError extends Error {
  override name = 'StartOverError';
}

function isRetryable(error: unknown): boolean {
  if (error instanceof StartOverError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    RETRYABLE_ERRNOS.has((error as { errno?: number }).errno ?? 0)
  );
}

/** Runs `work` again from the start after a retryable error, with a growing random pause between attempts. */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Random, so transactions that collided do not collide again; growing, so a hot row under a burst of
      // writers on several Galera nodes gets room to commit.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}

/**
 * Runs `work` in one transaction (READ COMMITTED, set per session in connection.ts), retrying it from the start
 * when InnoDB reports a deadlock or Galera refuses the COMMIT, so a customer never sees one. Work must be safe to
 * rerun: it re-reads everything it decides on under row locks. Inside an existing transaction the work simply
 * joins it.
 */
export async function inTransaction<T>(
  db: Executor,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return retrying(() => db.transaction().execute(work));
}

/**
 * One writing statement on its own (autocommit). Galera certifies it at its implicit COMMIT like any transaction
 * and the server retries it only `wsrep_retry_autocommit` times (default 1), so it is retried here as well.
 * Inside a transaction it simply runs: the enclosing inTransaction retries the whole.
 */
export function writeStatement<T>(db: Executor, statement: (db: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? statement(db) : retrying(() => statement(db));
}

/** True for MariaDB's duplicate-key error, which rolls back only the statement, not the transaction. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errno?: number }).errno === 1062;
}
