import type { Db } from '../db/connection.js';

/** Every user with their delivery details, spending and bonus balance, oldest first, streamed row by row. */
export function streamCustomersForExport(db: Db) {
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
