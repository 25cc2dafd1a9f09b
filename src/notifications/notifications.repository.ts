import type { OutboxRow, OutboxStatus } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { addSeconds } from '../shared/clock.js';
import {
  type NotificationKind,
  type NotificationPayloads,
  OUTBOX_PRIORITY,
} from './notifications.schemas.js';

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
 * Counts one broadcast message in the current second, for all processes together (the slot's row lock orders
 * them); false when the second already had `perSecond`. The first claim of a second clears slots a minute old.
 */
async function takePaceSlot(trx: Executor, now: Date, perSecond: number): Promise<boolean> {
  const slot = new Date(Math.floor(now.getTime() / 1000) * 1000);
  await trx
    .insertInto('outbox_pace')
    .values({ slot, calls: 1 })
    .onDuplicateKeyUpdate((eb) => ({ calls: eb('calls', '+', 1) }))
    .execute();
  const { calls } = await trx
    .selectFrom('outbox_pace')
    .select('calls')
    .where('slot', '=', slot)
    .executeTakeFirstOrThrow();
  if (calls === 1) await trx.deleteFrom('outbox_pace').where('slot', '<', addSeconds(slot, -60)).execute();
  return calls <= perSecond;
}

/**
 * Takes the next due row, lowest priority first: SKIP LOCKED so concurrent workers take different rows, then the
 * lease (next_attempt_at pushed `leaseSeconds` ahead) and the attempt count in the same transaction. Returns the
 * row as claimed, or 'paced' when it is a broadcast message and this second's `broadcastsPerSecond` are taken
 * (nothing of a higher priority is due then: those come first).
 */
export async function claimNextDue(
  trx: Executor,
  now: Date,
  leaseSeconds: number,
  broadcastsPerSecond?: number,
): Promise<OutboxRow | 'paced' | undefined> {
  const row = await trx
    .selectFrom('notification_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('priority')
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!row) return undefined;
  const paced = row.priority !== OUTBOX_PRIORITY.normal && broadcastsPerSecond !== undefined;
  if (paced && !(await takePaceSlot(trx, now, broadcastsPerSecond))) return 'paced';
  const leased = addSeconds(now, leaseSeconds);
  await trx
    .updateTable('notification_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leased }))
    .where('id', '=', row.id)
    .execute();
  return { ...row, attempts: row.attempts + 1, next_attempt_at: leased };
}

/** The recipient's language and whether they blocked the bot; read without locks (a plain snapshot read). */
export function recipientOf(db: Executor, chatId: number) {
  return db
    .selectFrom('users')
    .select(['language_code', 'blocked_bot_at'])
    .where('id', '=', chatId)
    .executeTakeFirst();
}

/** The claim a worker holds: the row is still pending and nobody claimed it again since (same attempt). */
type Claim = Pick<OutboxRow, 'id' | 'attempts'>;

/** Applies `changes` while `claim` still stands; returns whether it did. */
export async function updateClaimed(
  db: Executor,
  claim: Claim,
  changes: {
    status?: OutboxStatus;
    sent_at?: Date;
    next_attempt_at?: Date;
    last_error?: string | null;
    parts_sent?: number;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('notification_outbox')
    .set(changes)
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function markBlockedBot(db: Executor, chatId: number, now: Date) {
  return db.updateTable('users').set({ blocked_bot_at: now }).where('id', '=', chatId).execute();
}

export const OUTBOX_FAILING_ALERT = 'outbox_failing';

/** Raises the "messages are failing" alert unless it is up already; returns whether this call raised it. */
export async function raiseOutboxAlert(db: Executor, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('shop_alerts')
    .ignore()
    .values({ name: OUTBOX_FAILING_ALERT, raised_at: now })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function clearOutboxAlert(db: Executor): Promise<void> {
  await db.deleteFrom('shop_alerts').where('name', '=', OUTBOX_FAILING_ALERT).execute();
}

export function listOutbox(db: Executor, options: { failed?: boolean; limit: number }) {
  let query = db
    .selectFrom('notification_outbox')
    .select([
      'id',
      'chat_id',
      'kind',
      'status',
      'attempts',
      'parts_sent',
      'next_attempt_at',
      'last_error',
      'created_at',
    ])
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.failed) query = query.where('status', '=', 'failed');
  return query.execute();
}

/**
 * Puts failed rows back in the queue (`ids`, or every failed row), due now and with fresh attempts; parts already
 * sent stay recorded, so a resent split message continues where it stopped. Returns how many were requeued.
 */
export async function requeueFailed(
  db: Executor,
  now: Date,
  ids: readonly number[] | 'all',
): Promise<number> {
  let query = db
    .updateTable('notification_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null })
    .where('status', '=', 'failed');
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function outboxStatusOf(db: Executor, id: number) {
  return db.selectFrom('notification_outbox').select('status').where('id', '=', id).executeTakeFirst();
}
