import { sql } from 'kysely';
import type { BtcPayment, Order, PaymentState } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import type { PaidOutput } from './payment-rules.js';

/** Every Bitcoin order with an address has one payment row, written with the order. */
export async function insertPayment(trx: Executor, orderId: number, now: Date): Promise<void> {
  await trx.insertInto('btc_payments').values({ order_id: orderId, updated_at: now }).execute();
}

/** What the watcher needs to check one order, read without locks. */
export interface WatchedOrder {
  order_id: number;
  code: string;
  address: string;
  status: Order['status'];
  state: PaymentState;
  received_sats: number;
  confirmed_sats: number;
  confirmations: number;
}

/**
 * The orders the watcher asks the explorer about: open ones not yet paid, and expired or cancelled ones
 * closed since `lateSince` (late payments). Paid, late and older closed orders cost no request at all.
 */
export function watchedOrders(db: Executor, lateSince: Date): Promise<WatchedOrder[]> {
  return db
    .selectFrom('btc_payments as p')
    .innerJoin('orders as o', 'o.id', 'p.order_id')
    .select([
      'p.order_id',
      'o.code',
      'o.btc_address as address',
      'o.status',
      'p.state',
      'p.received_sats',
      'p.confirmed_sats',
      'p.confirmations',
    ])
    .where('p.state', 'in', ['waiting', 'seen', 'underpaid'])
    .where('o.btc_address', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('o.status', 'in', ['reserved', 'confirmed']),
        eb.and([eb('o.status', '=', 'expired'), eb('o.expired_at', '>=', lateSince)]),
        eb.and([eb('o.status', '=', 'cancelled'), eb('o.cancelled_at', '>=', lateSince)]),
      ]),
    )
    .orderBy('p.order_id')
    .$narrowType<{ address: string }>()
    .execute();
}

/** Locks the order, then its payment (the shop's lock order: orders before what hangs off them). */
export async function lockOrderPayment(
  trx: Executor,
  where: { orderId: number } | { code: string },
): Promise<{ order: Order; payment: BtcPayment } | undefined> {
  let query = trx.selectFrom('orders').selectAll().forUpdate();
  query = 'orderId' in where ? query.where('id', '=', where.orderId) : query.where('code', '=', where.code);
  const order = await query.executeTakeFirst();
  if (!order) return undefined;
  const payment = await trx
    .selectFrom('btc_payments')
    .selectAll()
    .where('order_id', '=', order.id)
    .forUpdate()
    .executeTakeFirst();
  return payment ? { order, payment } : undefined;
}

export async function updatePayment(
  trx: Executor,
  orderId: number,
  fields: Partial<Omit<BtcPayment, 'order_id'>> & { updated_at: Date },
): Promise<void> {
  await trx.updateTable('btc_payments').set(fields).where('order_id', '=', orderId).execute();
}

/**
 * Makes the stored outputs those the explorer reports now: new ones added, ones gone (replaced or dropped)
 * removed, confirmation heights brought up to date.
 */
export async function replaceOutputs(
  trx: Executor,
  orderId: number,
  outputs: readonly PaidOutput[],
  now: Date,
): Promise<void> {
  const keep = outputs.map((o) => `${o.txid}:${o.vout}`);
  await trx
    .deleteFrom('btc_payment_outputs')
    .where('order_id', '=', orderId)
    .$if(keep.length > 0, (q) => q.where(sql<string>`concat(txid, ':', vout)`, 'not in', keep))
    .execute();
  if (outputs.length === 0) return;
  await trx
    .insertInto('btc_payment_outputs')
    .values(
      outputs.map((o) => ({
        order_id: orderId,
        txid: o.txid,
        vout: o.vout,
        value_sats: o.value,
        block_height: o.height,
        first_seen_at: now,
      })),
    )
    .onDuplicateKeyUpdate({
      value_sats: sql<number>`values(value_sats)`,
      block_height: sql<number | null>`values(block_height)`,
    })
    .execute();
}

export async function paymentOutputs(db: Executor, orderId: number) {
  return db
    .selectFrom('btc_payment_outputs')
    .select(['txid', 'vout', 'value_sats', 'block_height', 'first_seen_at'])
    .where('order_id', '=', orderId)
    .orderBy(sql`coalesce(block_height, 2147483647)`)
    .orderBy('txid')
    .orderBy('vout')
    .execute();
}

export function findPayment(db: Executor, orderId: number): Promise<BtcPayment | undefined> {
  return db.selectFrom('btc_payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

/** When the owner last set btc_rate (undefined while it is off). */
export async function rateSetAt(db: Executor): Promise<Date | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('updated_at')
    .where('key', '=', 'btc_rate')
    .executeTakeFirst();
  return row?.updated_at;
}

/** Marks an alert raised; true only for the call that raised it, so the staff hear once. */
export async function raiseAlertOnce(trx: Executor, name: string, now: Date): Promise<boolean> {
  const result = await trx
    .insertInto('shop_alerts')
    .ignore()
    .values({ name, raised_at: now })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
