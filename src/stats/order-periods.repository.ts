import { sql } from 'kysely';
import type { Executor } from '../db/transaction.js';

/**
 * Orders placed from since to until (both included) counted per quarter hour (UTC epoch / 900): every time zone's offset is a whole
 * number of quarter hours, so the caller can add them up into the shop's local days and weeks exactly.
 */
export async function ordersPerQuarterHour(db: Executor, since: Date, until: Date, currency: string) {
  const quarter = sql<number>`floor(unix_timestamp(created_at) / 900)`;
  const rows = await db
    .selectFrom('orders')
    .select([
      quarter.as('quarter'),
      (eb) => eb.fn.countAll<number>().as('orders'),
      sql<number>`sum(status = 'delivered')`.as('delivered'),
      sql<number>`sum(status in ('cancelled', 'expired'))`.as('lost'),
      sql<number>`coalesce(sum(case when status = 'delivered' and currency = ${currency} then total end), 0)`.as(
        'revenue',
      ),
    ])
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .groupBy(quarter)
    .execute();
  return rows.map((r) => ({
    quarter: Number(r.quarter),
    orders: Number(r.orders),
    delivered: Number(r.delivered),
    lost: Number(r.lost),
    revenue: Number(r.revenue),
  }));
}

/** Customers (plain users) who joined from since to until, per quarter hour as above. */
export async function customersPerQuarterHour(db: Executor, since: Date, until: Date) {
  const quarter = sql<number>`floor(unix_timestamp(created_at) / 900)`;
  const rows = await db
    .selectFrom('users')
    .select([quarter.as('quarter'), (eb) => eb.fn.countAll<number>().as('joined')])
    .where('role', '=', 'user')
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .groupBy(quarter)
    .execute();
  return rows.map((r) => ({ quarter: Number(r.quarter), joined: Number(r.joined) }));
}
