import type { SupportSender, SupportStatus } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

export function findOpenThreadOf(db: Executor, userId: number) {
  return db
    .selectFrom('support_threads')
    .selectAll()
    .where('open_user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export function lockThread(db: Executor, id: number) {
  return db.selectFrom('support_threads').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertThread(db: Executor, userId: number, now: Date): Promise<number> {
  const result = await db
    .insertInto('support_threads')
    .values({ user_id: userId, created_at: now, last_message_at: now })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function insertMessage(
  db: Executor,
  threadId: number,
  sender: SupportSender,
  text: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('support_messages')
    .values({ thread_id: threadId, sender, text, created_at: now })
    .execute();
  await db.updateTable('support_threads').set({ last_message_at: now }).where('id', '=', threadId).execute();
}

export async function setThreadStatus(db: Executor, id: number, status: SupportStatus, now: Date) {
  await db
    .updateTable('support_threads')
    .set({ status, closed_at: status === 'closed' ? now : null })
    .where('id', '=', id)
    .execute();
}

/** A thread and who it is with, as lists and details show them. */
const THREAD_COLUMNS = [
  't.id',
  't.user_id',
  't.status',
  't.created_at',
  't.last_message_at',
  't.closed_at',
  'u.username',
  'u.first_name',
  'u.last_name',
] as const;

/** Threads with their customer and message counts, the most recently active first. */
export function listThreads(db: Executor, options: { open?: boolean; limit: number; offset: number }) {
  return db
    .selectFrom('support_threads as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select((eb) => [
      ...THREAD_COLUMNS,
      eb
        .selectFrom('support_messages as m')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('m.thread_id', '=', 't.id')
        .as('messages'),
      eb
        .selectFrom('support_messages as m')
        .select('m.sender')
        .whereRef('m.thread_id', '=', 't.id')
        .orderBy('m.id', 'desc')
        .limit(1)
        .as('last_sender'),
      eb
        .selectFrom('support_messages as m')
        .select('m.text')
        .whereRef('m.thread_id', '=', 't.id')
        .orderBy('m.id', 'desc')
        .limit(1)
        .as('last_text'),
    ])
    .$if(options.open === true, (q) => q.where('t.status', '=', 'open'))
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function countThreads(db: Executor, options: { open?: boolean }): Promise<number> {
  const row = await db
    .selectFrom('support_threads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(options.open === true, (q) => q.where('status', '=', 'open'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findThread(db: Executor, id: number) {
  return db
    .selectFrom('support_threads as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(THREAD_COLUMNS)
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export function threadMessages(db: Executor, threadId: number) {
  return db
    .selectFrom('support_messages')
    .select(['id', 'sender', 'text', 'created_at'])
    .where('thread_id', '=', threadId)
    .orderBy('id')
    .execute();
}

/** The customer's open thread, if any, without locking it (a read to route a message). */
export async function openThreadIdOf(db: Executor, userId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('support_threads')
    .select('id')
    .where('open_user_id', '=', userId)
    .executeTakeFirst();
  return row?.id;
}

/** The customer's own messages sent after `since`, and when the oldest of them was sent. */
export async function customerMessagesSince(
  db: Executor,
  userId: number,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('support_messages as m')
    .innerJoin('support_threads as t', 't.id', 'm.thread_id')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('m.created_at').as('oldest')])
    .where('t.user_id', '=', userId)
    .where('m.sender', '=', 'customer')
    .where('m.created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ?? null };
}
