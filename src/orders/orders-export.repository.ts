import { sql } from 'kysely';
import type { Db } from '../db/connection.js';

/**
 * Every order, oldest first, with its customer and its items folded into one text cell, streamed row by row so
 * an export of any size holds one row in memory at a time.
 */
export function streamOrdersForExport(db: Db) {
  return db
    .selectFrom('orders as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .select((eb) => [
      'o.code',
      'o.status',
      'o.created_at',
      'o.user_id',
      'u.username',
      'o.payment_method',
      eb
        .selectFrom('order_items as i')
        .select(
          sql<string>`group_concat(concat(i.quantity, ' x ', i.product_name) order by i.id separator '; ')`.as(
            'items',
          ),
        )
        .whereRef('i.order_id', '=', 'o.id')
        .as('items'),
      'o.subtotal',
      'o.bonus_applied',
      'o.total',
      'o.currency',
      'o.btc_address',
      'o.btc_amount_sats',
      'o.delivery_time',
      'o.delivery_address',
      'o.delivery_phone',
      'o.delivery_note',
      'o.confirmed_at',
      'o.delivered_at',
      'o.cancelled_at',
      'o.cancel_reason',
      'o.expired_at',
    ])
    .orderBy('o.id')
    .stream();
}
