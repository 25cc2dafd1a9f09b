import type { BonusKind } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

/** The balance is the running sum carried by the user's newest ledger row. */
export async function bonusBalance(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('bonus_ledger')
    .select('balance_after')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.balance_after ?? 0;
}

export interface BonusEntry {
  userId: number;
  amount: number;
  kind: BonusKind;
  orderId?: number | null;
  note?: string | null;
  now: Date;
}

/**
 * Appends a ledger row. The caller must hold the user's row lock (lockUsers) so the running sum cannot
 * interleave; the CHECK on balance_after refuses any entry that would take the balance below zero.
 * Returns the new balance.
 */
export async function postBonus(db: Executor, entry: BonusEntry): Promise<number> {
  const balance = (await bonusBalance(db, entry.userId)) + entry.amount;
  await db
    .insertInto('bonus_ledger')
    .values({
      user_id: entry.userId,
      amount: entry.amount,
      balance_after: balance,
      kind: entry.kind,
      order_id: entry.orderId ?? null,
      note: entry.note ?? null,
      created_at: entry.now,
    })
    .execute();
  return balance;
}

/** Newest first, with the order code an entry belongs to. */
export function bonusLedger(db: Executor, userId: number, limit: number) {
  return db
    .selectFrom('bonus_ledger as b')
    .leftJoin('orders as o', 'o.id', 'b.order_id')
    .select([
      'b.id',
      'b.amount',
      'b.balance_after',
      'b.kind',
      'b.note',
      'b.created_at',
      'o.code as order_code',
    ])
    .where('b.user_id', '=', userId)
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
}
