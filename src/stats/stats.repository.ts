import type { OrderStatus } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

export async function countOrdersByStatus(db: Executor): Promise<{ status: OrderStatus; n: number }[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** Sum of delivered orders' totals in the currency. */
export async function deliveredRevenue(db: Executor, currency: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('total'), eb.lit(0)).as('sum'))
    .where('status', '=', 'delivered')
    .where('currency', '=', currency)
    .executeTakeFirstOrThrow();
  return Number(row.sum);
}

/** Units in stock (reserved included) times their current price. */
export async function stockValue(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((eb) =>
      eb.fn.coalesce(eb.fn.sum<number>(eb('price', '*', eb.ref('stock_quantity'))), eb.lit(0)).as('sum'),
    )
    .executeTakeFirstOrThrow();
  return Number(row.sum);
}

/** People with the plain user role, and how many of them are banned. */
export async function countCustomers(db: Executor): Promise<{ all: number; banned: number }> {
  const row = await db
    .selectFrom('users')
    .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('banned_at').as('banned')])
    .where('role', '=', 'user')
    .executeTakeFirstOrThrow();
  return { all: Number(row.all), banned: Number(row.banned) };
}
