import { sql } from 'kysely';
import type { BroadcastAudience } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { OUTBOX_PRIORITY } from '../notifications/notifications.schemas.js';

export interface Audience {
  audience: BroadcastAudience;
  activeSince?: Date | null;
  productId?: number | null;
}

/**
 * Customers a broadcast reaches: plain users neither banned nor known to have blocked the bot; "active" ones
 * used the bot (their session changed) or ordered since the date; "buyers" have a delivered or open order with
 * the product.
 */
function audienceQuery(db: Executor, audience: Audience) {
  return db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.role', '=', 'user')
    .where('u.banned_at', 'is', null)
    .where('u.blocked_bot_at', 'is', null)
    .$if(audience.audience === 'active', (q) =>
      q.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('bot_sessions as s')
              .select(sql`1`.as('one'))
              .where('s.key', '=', sql<string>`cast(u.id as char)`)
              .where('s.updated_at', '>=', audience.activeSince as Date),
          ),
          eb.exists(
            eb
              .selectFrom('orders as o')
              .select(sql`1`.as('one'))
              .whereRef('o.user_id', '=', 'u.id')
              .where('o.created_at', '>=', audience.activeSince as Date),
          ),
        ]),
      ),
    )
    .$if(audience.audience === 'buyers', (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('orders as o')
            .innerJoin('order_items as i', 'i.order_id', 'o.id')
            .select(sql`1`.as('one'))
            .whereRef('o.user_id', '=', 'u.id')
            .where('i.product_id', '=', audience.productId as number)
            .where('o.status', 'in', ['reserved', 'confirmed', 'delivered']),
        ),
      ),
    );
}

export async function countAudience(db: Executor, audience: Audience): Promise<number> {
  const row = await db
    .selectFrom(audienceQuery(db, audience).as('a'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next customers after `afterUserId`, in id order (the broadcast's cursor). */
export async function nextAudienceIds(db: Executor, audience: Audience, afterUserId: number, limit: number) {
  const rows = await audienceQuery(db, audience)
    .where('u.id', '>', afterUserId)
    .orderBy('u.id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function insertBroadcast(
  db: Executor,
  values: { text: string; html: boolean; photoFileId: string | null; now: Date } & Audience,
): Promise<number> {
  const result = await db
    .insertInto('broadcasts')
    .values({
      text: values.text,
      html: values.html,
      photo_file_id: values.photoFileId,
      audience: values.audience,
      active_since: values.activeSince ?? null,
      product_id: values.productId ?? null,
      created_at: values.now,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export function findBroadcast(db: Executor, id: number) {
  return db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockBroadcast(db: Executor, id: number) {
  return db.selectFrom('broadcasts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function advanceBroadcast(
  db: Executor,
  id: number,
  cursor: number,
  added: number,
  queuedAt: Date | null,
): Promise<void> {
  await db
    .updateTable('broadcasts')
    .set((eb) => ({
      cursor_user_id: cursor,
      recipients: eb('recipients', '+', added),
      ...(queuedAt && { status: 'queued' as const, queued_at: queuedAt }),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * One outbox row per recipient, each linked to the broadcast (the link's key refuses a second one), at the
 * broadcast priority so the shop's other messages go first.
 */
export async function queueRecipient(
  db: Executor,
  broadcastId: number,
  userId: number,
  payload: string,
  now: Date,
): Promise<void> {
  const outbox = await db
    .insertInto('notification_outbox')
    .values({
      chat_id: userId,
      kind: 'broadcast',
      payload,
      priority: OUTBOX_PRIORITY.broadcast,
      next_attempt_at: now,
      created_at: now,
    })
    .executeTakeFirstOrThrow();
  await db
    .insertInto('broadcast_recipients')
    .values({ broadcast_id: broadcastId, user_id: userId, outbox_id: Number(outbox.insertId) })
    .execute();
}

/**
 * How the broadcast's messages fared: by outbox status, failures because the customer blocked the bot (Telegram's
 * 403 "bot was blocked by the user") told apart.
 */
export async function deliveryCounts(db: Executor, broadcastId: number) {
  const rows = await db
    .selectFrom('broadcast_recipients as r')
    .innerJoin('notification_outbox as o', 'o.id', 'r.outbox_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'o.status',
      sql<number>`u.blocked_bot_at is not null or o.last_error like '%blocked%'`.as('blocked'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('r.broadcast_id', '=', broadcastId)
    .groupBy(['o.status', sql`2`])
    .execute();
  return rows.map((r) => ({ status: r.status, blocked: Number(r.blocked) === 1, n: Number(r.n) }));
}

export async function unfinishedBroadcasts(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('broadcasts')
    .select('id')
    .where('status', '=', 'queueing')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
