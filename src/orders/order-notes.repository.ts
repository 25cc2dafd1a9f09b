import type { Executor } from '../db/transaction.js';

export async function insertOrderNote(db: Executor, orderId: number, text: string, now: Date): Promise<void> {
  await db.insertInto('order_notes').values({ order_id: orderId, text, created_at: now }).execute();
}

/** An order's notes, oldest first. */
export function orderNotes(db: Executor, orderId: number) {
  return db
    .selectFrom('order_notes')
    .select(['id', 'text', 'created_at'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}
