import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { lockReservedOrdersOf } from './customer-orders.repository.js';
import { closeOrders } from './order-lifecycle.js';

/*
 * Lock order of a ban. The shop locks order rows, then users, then products (a cancel, an expiry and a payment
 * all go that way). A ban needs the customer's row to fence off checkouts, and the customer's reserved orders
 * to cancel them; taking the user first would deadlock with the customer's own cancel of a bonus order (order,
 * then user). So a ban locks the reserved orders first (lockOrdersBeforeBan), then the user, and then looks
 * again without waiting (cancelOrdersOfBanned): an order a checkout committed in between is locked now if
 * free; if someone else holds it, NOWAIT fails with a lock-wait error and inTransaction runs the ban again from
 * the start, which then locks that order first too. Waiting on it while holding the user could deadlock.
 */

/** Step one of a ban: the customer's reserved orders, locked before their user row. */
export async function lockOrdersBeforeBan(trx: Executor, userId: number): Promise<void> {
  await lockReservedOrdersOf(trx, userId);
}

/**
 * Cancels a customer's reserved orders as part of banning them, in the caller's transaction, which holds the
 * customer's row (so no checkout can slip a new order in) and already holds those orders' rows: stock released
 * and bonus refunded as any cancel does; their Bitcoin addresses stay with the cancelled orders and are never
 * handed out again. The customer is not told per order: the ban tells them once. Returns the orders' codes.
 */
export async function cancelOrdersOfBanned(
  trx: Transaction<Database>,
  userId: number,
  now: Date,
): Promise<string[]> {
  const orders = await lockReservedOrdersOf(trx, userId, { noWait: true });
  await closeOrders(trx, orders, 'cancel', {
    actor: 'system:ban',
    reason: 'customer banned',
    notify: false,
    now,
  });
  return orders.map((o) => o.code);
}
