import { sql } from 'kysely';
import type { Order } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { OPEN_STATUSES } from './order-state.js';

/** Ids of a customer's reserved orders as last committed, without locking anything. */
export async function reservedOrderIdsOf(trx: Executor, userId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('orders')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', '=', 'reserved')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Locks a customer's reserved orders. Found without locks, then locked by primary key and checked again: a
 * locking read through a secondary index takes that index's entry before the row, the reverse of an UPDATE of
 * the row's status, and the two deadlock.
 */
export async function lockReservedOrdersOf(trx: Executor, userId: number): Promise<Order[]> {
  const found = await reservedOrderIdsOf(trx, userId);
  if (found.length === 0) return [];
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('id', 'in', found)
    .where('user_id', '=', userId)
    .where('status', '=', 'reserved')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export interface CustomerOrderCounts {
  open: number;
  placedSince: number;
  /** The oldest order placed since `placedSince`'s start; the next one counts once it is an hour old. */
  oldestPlacedAt: Date | null;
  addressesSince: number;
  oldestAddressAt: Date | null;
}

/**
 * One customer's open orders, orders placed after `hourAgo` and Bitcoin addresses handed out after `dayAgo`
 * (cancelled and expired orders count: an address is never given again), in one pass over their orders.
 */
export async function countCustomerOrders(
  db: Executor,
  userId: number,
  since: { hourAgo: Date; dayAgo: Date },
): Promise<CustomerOrderCounts> {
  const row = await db
    .selectFrom('orders')
    .select([
      sql<number>`coalesce(sum(status in (${sql.join(OPEN_STATUSES)})), 0)`.as('open'),
      sql<number>`coalesce(sum(created_at > ${since.hourAgo}), 0)`.as('placed'),
      sql<Date | null>`min(case when created_at > ${since.hourAgo} then created_at end)`.as('oldest_placed'),
      sql<number>`coalesce(sum(btc_address is not null and created_at > ${since.dayAgo}), 0)`.as('addresses'),
      sql<Date | null>`min(case when btc_address is not null and created_at > ${since.dayAgo} then created_at end)`.as(
        'oldest_address',
      ),
    ])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    open: Number(row.open),
    placedSince: Number(row.placed),
    oldestPlacedAt: row.oldest_placed,
    addressesSince: Number(row.addresses),
    oldestAddressAt: row.oldest_address,
  };
}
