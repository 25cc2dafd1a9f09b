import { type Executor, writeStatement } from '../db/transaction.js';
import { BtcPoolEmptyError } from '../shared/errors.js';

/**
 * Locks the oldest free address for an order about to be written. SKIP LOCKED lets concurrent checkouts take
 * different rows instead of queueing on one. Call assignAddress with the new order's id in the same transaction.
 */
export async function takeFreeAddress(trx: Executor): Promise<{ id: number; address: string }> {
  const row = await trx
    .selectFrom('btc_addresses')
    .select(['id', 'address'])
    .where('status', '=', 'available')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!row) throw new BtcPoolEmptyError();
  return row;
}

/** Gives the address to the order, for good. */
export async function assignAddress(
  trx: Executor,
  addressId: number,
  orderId: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('btc_addresses')
    .set({ status: 'assigned', order_id: orderId, assigned_at: now })
    .where('id', '=', addressId)
    .where('status', '=', 'available')
    .execute();
}

export async function countAvailableAddresses(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('btc_addresses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'available')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const LOW_POOL_ALERT = 'btc_pool_low';

/**
 * Raises the low-pool alert once: the first transaction to insert the marker row wins, later ones (and
 * concurrent ones, which wait on the row lock) find it there. Returns whether this call raised it.
 */
export async function raiseLowPoolAlert(trx: Executor, now: Date): Promise<boolean> {
  const result = await trx
    .insertInto('shop_alerts')
    .ignore()
    .values({ name: LOW_POOL_ALERT, raised_at: now })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Re-arms the alert once the pool is above the threshold again. */
export async function clearLowPoolAlert(db: Executor): Promise<void> {
  await writeStatement(db, (db) => db.deleteFrom('shop_alerts').where('name', '=', LOW_POOL_ALERT).execute());
}

/** Inserts addresses not in the pool yet; returns how many were new. */
export async function insertNewAddresses(
  db: Executor,
  addresses: readonly string[],
  now: Date,
): Promise<number> {
  const result = await db
    .insertInto('btc_addresses')
    .ignore()
    .values(addresses.map((address) => ({ address, added_at: now })))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The pool in insertion order with the order each address went to; only free ones unless `all`. */
export function listAddresses(db: Executor, all: boolean) {
  let query = db
    .selectFrom('btc_addresses as a')
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .select(['a.id', 'a.address', 'a.status', 'a.added_at', 'a.assigned_at', 'o.code as order_code'])
    .orderBy('a.id');
  if (!all) query = query.where('a.status', '=', 'available');
  return query.execute();
}

export async function countAddresses(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('btc_addresses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
