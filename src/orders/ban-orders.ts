import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { lockReservedOrdersOf } from './customer-orders.repository.js';
import { closeOrders } from './order-lifecycle.js';

/**
 * Cancels a customer's reserved orders as part of banning them, in the caller's transaction (which holds the
 * customer's row, so no checkout can slip a new order in): stock released and bonus refunded as any cancel
 * does; their Bitcoin addresses stay with the cancelled orders and are never handed out again. The customer is
 * not told per order: the ban message names them. Returns the cancelled orders' codes.
 */
export async function cancelOrdersOfBanned(
  trx: Transaction<Database>,
  userId: number,
  now: Date,
): Promise<string[]> {
  const orders = await lockReservedOrdersOf(trx, userId);
  await closeOrders(trx, orders, 'cancel', {
    actor: 'system:ban',
    reason: 'customer banned',
    notify: false,
    now,
  });
  return orders.map((o) => o.code);
}
