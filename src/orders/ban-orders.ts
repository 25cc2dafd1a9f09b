import type { Transaction } from 'kysely';
import type { Database, Order } from '../db/schema.js';
import { type Executor, StartOverError } from '../db/transaction.js';
import { lockReservedOrdersOf, reservedOrderIdsOf } from './customer-orders.repository.js';
import { closeOrders } from './order-lifecycle.js';

/*
 * Lock order of a ban. The shop locks order rows, then users, then products (a cancel, an expiry and a payment
 * all go that way). A ban needs the customer's row to fence off checkouts, and the customer's reserved orders
 * to cancel them; taking the user first would deadlock with the customer's own cancel of a bonus order (order,
 * then user). So a ban locks the reserved orders first (lockOrdersBeforeBan), then the user, and then looks
 * again without locking (cancelOrdersOfBanned): an order a checkout committed in between was not locked, and
 * asking for it now, holding the user, could close a cycle with a cancel that holds it and waits for the user.
 * Instead the ban starts over (StartOverError), and the next attempt locks that order first too.
 */

/** Step one of a ban: the customer's reserved orders, locked before their user row. */
export function lockOrdersBeforeBan(trx: Executor, userId: number): Promise<Order[]> {
  return lockReservedOrdersOf(trx, userId);
}

/**
 * Cancels the reserved orders `locked` by lockOrdersBeforeBan, as part of banning their customer, in the caller's
 * transaction, which now also holds the customer's row (so no checkout can slip a new order in): stock released
 * and bonus refunded as any cancel does; their Bitcoin addresses stay with the cancelled orders and are never
 * handed out again. The customer is not told per order: the ban tells them once. Returns the orders' codes.
 */
export async function cancelOrdersOfBanned(
  trx: Transaction<Database>,
  userId: number,
  locked: readonly Order[],
  now: Date,
): Promise<string[]> {
  const held = new Set(locked.map((o) => o.id));
  const current = await reservedOrderIdsOf(trx, userId);
  if (current.some((id) => !held.has(id))) throw new StartOverError('an order was placed during the ban');
  await closeOrders(trx, locked, 'cancel', {
    actor: 'system:ban',
    reason: 'customer banned',
    notify: false,
    now,
  });
  return locked.map((o) => o.code);
}
