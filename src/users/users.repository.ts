import type { Executor } from '../db/transaction.js';

/** Locks users' rows in id order (the shop's lock order: order row, then users, then products). */
export async function lockUsers(db: Executor, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return;
  await db.selectFrom('users').select('id').where('id', 'in', unique).orderBy('id').forUpdate().execute();
}

export function findUser(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Telegram chats of everyone who runs the shop: configured ids plus users given the admin or owner role. */
export async function staffChatIds(db: Executor, configured: readonly number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['admin', 'owner'])
    .where('banned_at', 'is', null)
    .execute();
  return [...new Set([...configured, ...rows.map((r) => r.id)])];
}
