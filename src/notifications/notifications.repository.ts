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
