import { sql } from 'kysely';
import { type Executor, writeStatement } from '../db/transaction.js';

/**
 * Deletes for the retention job, each in batches of `batch` rows: every batch is its own short statement, so a
 * large first clean-up never holds locks for long nor builds a write set too big for Galera.
 */

async function inBatches(remove: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = Number((await remove()).numDeletedRows);
    total += deleted;
    if (deleted === 0) return total;
  }
}

/** Delivered outbox messages sent before `before`. Pending and failed ones stay, for the owner to look at. */
export function deleteSentOutbox(db: Executor, before: Date, batch = 1000): Promise<number> {
  return inBatches(() =>
    writeStatement(db, (db) =>
      db
        .deleteFrom('notification_outbox')
        .where('status', '=', 'sent')
        .where('sent_at', '<', before)
        .limit(batch)
        .executeTakeFirst(),
    ),
  );
}

/** Conversation state of customers who have not written since `before` (a half-filled form long forgotten). */
export function deleteIdleSessions(db: Executor, before: Date, batch = 1000): Promise<number> {
  return inBatches(() =>
    writeStatement(db, (db) =>
      db.deleteFrom('bot_sessions').where('updated_at', '<', before).limit(batch).executeTakeFirst(),
    ),
  );
}

/** Cart lines put in before `before` and never ordered: abandoned carts. A cart reserves no stock. */
export function deleteIdleCartLines(db: Executor, before: Date, batch = 1000): Promise<number> {
  return inBatches(() =>
    writeStatement(db, (db) =>
      db.deleteFrom('cart_items').where('added_at', '<', before).limit(batch).executeTakeFirst(),
    ),
  );
}

/**
 * Update claims made before `before`. Telegram keeps an undelivered update for at most a day, so an older
 * claim can meet no resend; and after a week without updates Telegram may start numbering them anywhere, so old
 * ids must not linger to be mistaken for new updates. Updates parked by long polling are claimed the same way:
 * one unfinished that long was left by a bot that stopped for days, and is too old to act on.
 */
export function deleteOldUpdateClaims(db: Executor, before: Date, batch = 1000): Promise<number> {
  return inBatches(() =>
    writeStatement(db, (db) =>
      db.deleteFrom('webhook_updates').where('claimed_at', '<', before).limit(batch).executeTakeFirst(),
    ),
  );
}

export interface TableSize {
  table: string;
  /** InnoDB's estimate; exact counts would read every row. */
  rows: number;
  bytes: number;
}

export async function tableSizes(db: Executor): Promise<TableSize[]> {
  const result = await sql<{ name: string; rows: number | null; bytes: number | null }>`
    select table_name as name, table_rows as \`rows\`, data_length + index_length as bytes
    from information_schema.tables where table_schema = database() order by bytes desc, name`.execute(db);
  return result.rows.map((row) => ({
    table: row.name,
    rows: Number(row.rows ?? 0),
    bytes: Number(row.bytes ?? 0),
  }));
}
