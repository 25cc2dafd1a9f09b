import type { Insertable, Updateable } from 'kysely';
import type { Role, User, UsersTable } from '../db/schema.js';
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

export function lockUser(trx: Executor, id: number): Promise<User | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertUser(db: Executor, values: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(values).execute();
}

export async function updateUser(db: Executor, id: number, set: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Newest first; only banned ones when asked. */
export function listUsers(db: Executor, options: { banned?: boolean; limit?: number }): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (options.banned) query = query.where('banned_at', 'is not', null);
  if (options.limit) query = query.limit(options.limit);
  return query.execute();
}

export function customerProfile(db: Executor, userId: number) {
  return db.selectFrom('customer_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Remembers the delivery details of the customer's latest order, offered again at the next checkout. */
export async function saveDeliveryDetails(
  db: Executor,
  userId: number,
  details: { address: string; phone: string; note: string | null },
  now: Date,
): Promise<void> {
  const values = {
    delivery_address: details.address,
    delivery_phone: details.phone,
    delivery_note: details.note,
  };
  await db
    .insertInto('customer_profiles')
    .values({ user_id: userId, ...values })
    .onDuplicateKeyUpdate({ ...values, updated_at: now })
    .execute();
}

/** Adds a delivered order to the customer's spending. */
export async function addCompletedOrder(
  db: Executor,
  userId: number,
  total: number,
  now: Date,
): Promise<void> {
  await db
    .insertInto('customer_profiles')
    .values({ user_id: userId, total_spent: total, completed_orders: 1 })
    .onDuplicateKeyUpdate((eb) => ({
      total_spent: eb('total_spent', '+', total),
      completed_orders: eb('completed_orders', '+', 1),
      updated_at: now,
    }))
    .execute();
}

/** Every user with their delivery details, spending and bonus balance, oldest first, streamed row by row. */
export function streamCustomersForExport(db: Executor) {
  return db
    .selectFrom('users as u')
    .leftJoin('customer_profiles as p', 'p.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.username',
      'u.first_name',
      'u.last_name',
      'u.role',
      'u.referrer_id',
      'u.created_at',
      'u.banned_at',
      'u.ban_reason',
      'p.delivery_address',
      'p.delivery_phone',
      'p.total_spent',
      'p.completed_orders',
      eb
        .selectFrom('orders as o')
        .select((o) => o.fn.countAll<number>().as('n'))
        .whereRef('o.user_id', '=', 'u.id')
        .as('orders'),
      eb
        .selectFrom('bonus_ledger as b')
        .select('b.balance_after')
        .whereRef('b.user_id', '=', 'u.id')
        .orderBy('b.id', 'desc')
        .limit(1)
        .as('bonus_balance'),
    ])
    .orderBy('u.created_at')
    .orderBy('u.id')
    .stream();
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

/** Locks those of `ids` whose stored role is admin, in id order; returns their ids. */
export async function lockStoredAdmins(db: Executor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('role', '=', 'admin')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function setRole(db: Executor, ids: readonly number[], role: Role): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('users').set({ role }).where('id', 'in', ids).execute();
}
