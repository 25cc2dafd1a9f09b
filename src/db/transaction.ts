import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

const RETRYABLE_ERRNOS = new Set([
  1213, // ER_LOCK_DEADLOCK: InnoDB rolled the transaction back; running it again is safe.
  1205, // ER_LOCK_WAIT_TIMEOUT
]);
const MAX_ATTEMPTS = 5;

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    RETRYABLE_ERRNOS.has((error as { errno?: number }).errno ?? 0)
  );
}

/**
 * Runs `work` in one transaction (READ COMMITTED, set per session in connection.ts), retrying it from the start when InnoDB reports a deadlock, so
 * a customer never sees one. Work must be safe to rerun: it re-reads everything it decides on under row locks.
 * Inside an existing transaction the work simply joins it.
 */
export async function inTransaction<T>(
  db: Executor,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** True for MariaDB's duplicate-key error, which rolls back only the statement, not the transaction. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errno?: number }).errno === 1062;
}
