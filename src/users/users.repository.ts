import type { Role } from '../db/schema.js';
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

/** Locks the users who hold the owner role, and the configured owner's row, in id order. */
export function lockOwnerCandidates(db: Executor, ownerId: number | undefined) {
  return db
    .selectFrom('users')
    .select(['id', 'role'])
    .where((eb) => {
      const owners = eb('role', '=', 'owner');
      return ownerId === undefined ? owners : eb.or([owners, eb('id', '=', ownerId)]);
    })
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function setRole(db: Executor, ids: readonly number[], role: Role): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('users').set({ role }).where('id', 'in', ids).execute();
}
