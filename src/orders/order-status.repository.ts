import type { Updateable } from 'kysely';
import type { Order, OrderStatus, OrdersTable } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { normaliseOrderCode } from './orders.repository.js';

/** Appends to the orders' status history. */
export async function recordStatus(
  trx: Executor,
  entries: {
    orderId: number;
    from: OrderStatus | null;
    to: OrderStatus;
    actor: string;
    note?: string | null;
  }[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('order_status_history')
    .values(
      entries.map((e) => ({
        order_id: e.orderId,
        from_status: e.from,
        to_status: e.to,
        actor: e.actor,
        note: e.note ?? null,
        created_at: now,
      })),
    )
    .execute();
}

const STATUS_STAMPS: Partial<
  Record<OrderStatus, 'confirmed_at' | 'delivered_at' | 'cancelled_at' | 'expired_at'>
> = {
  confirmed: 'confirmed_at',
  delivered: 'delivered_at',
  cancelled: 'cancelled_at',
  expired: 'expired_at',
};

/** Moves the orders to a status, stamping the time the status has a column for. */
export async function setOrdersStatus(
  db: Executor,
  orders: readonly Order[],
  to: OrderStatus,
  now: Date,
  extra: Updateable<OrdersTable> = {},
): Promise<void> {
  const column = STATUS_STAMPS[to];
  await db
    .updateTable('orders')
    .set({ status: to, updated_at: now, ...(column && { [column]: now }), ...extra })
    .where(
      'id',
      'in',
      orders.map((o) => o.id),
    )
    .execute();
}

/** Reserved orders whose reservation ran out, oldest first, locked; rows another pass holds are skipped. */
export function lockDueReservations(trx: Executor, now: Date, limit: number): Promise<Order[]> {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('status', '=', 'reserved')
    .where('reserved_until', '<=', now)
    .orderBy('reserved_until')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** The status changes of an order, oldest first. */
export function orderHistory(db: Executor, code: string) {
  return db
    .selectFrom('order_status_history as h')
    .innerJoin('orders as o', 'o.id', 'h.order_id')
    .select(['h.from_status', 'h.to_status', 'h.actor', 'h.note', 'h.created_at'])
    .where('o.code', '=', normaliseOrderCode(code))
    .orderBy('h.id')
    .execute();
}
