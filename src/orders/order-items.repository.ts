import type { Insertable } from 'kysely';
import type { OrderItemsTable } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

export async function insertOrderItems(
  db: Executor,
  items: readonly Insertable<OrderItemsTable>[],
): Promise<void> {
  await db.insertInto('order_items').values(items).execute();
}

export async function setOrderItemQuantity(db: Executor, itemId: number, quantity: number): Promise<void> {
  await db.updateTable('order_items').set({ quantity }).where('id', '=', itemId).execute();
}

export async function deleteOrderItem(db: Executor, itemId: number): Promise<void> {
  await db.deleteFrom('order_items').where('id', '=', itemId).execute();
}
