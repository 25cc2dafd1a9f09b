import { sql } from 'kysely';
import type { Executor } from '../db/transaction.js';
import type { NotificationKind, NotificationPayloads } from './notifications.schemas.js';

/** Writes a message to the outbox; called inside the transaction of the change it reports. */
export async function enqueueNotification<K extends NotificationKind>(
  db: Executor,
  now: Date,
  chatIds: number | readonly number[],
  kind: K,
  payload: NotificationPayloads[K],
): Promise<void> {
  const recipients = [...new Set(typeof chatIds === 'number' ? [chatIds] : chatIds)];
  if (recipients.length === 0) return;
  const text = JSON.stringify(payload);
  await db
    .insertInto('notification_outbox')
    .values(
      recipients.map((chatId) => ({
        chat_id: chatId,
        kind,
        payload: text,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Help messages one customer sent after `since`, and when the oldest of them was sent. A message to several
 * staff is one row per recipient with the same time and text, so it counts once.
 */
export async function countHelpRequestsSince(
  db: Executor,
  userId: number,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('notification_outbox')
    .select([
      sql<number>`count(distinct created_at, payload)`.as('count'),
      sql<Date | null>`min(created_at)`.as('oldest'),
    ])
    .where('kind', '=', 'help_request')
    .where('created_at', '>', since)
    .where(sql<number>`json_value(payload, '$.from.telegram_id')`, '=', userId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest };
}
