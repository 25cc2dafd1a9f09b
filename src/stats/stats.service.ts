import type { OrderStatus } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { ORDER_STATUSES } from '../orders/order-state.js';

export interface ShopStats {
  ordersByStatus: Record<OrderStatus, number>;
  /** Sum of delivered orders' totals (after bonus), in minor units of the shop currency. */
  revenueDelivered: number;
  /** Units in stock (reserved included: still on the shelf) times their current price. */
  stockValue: number;
  /** People with the plain user role; `bannedCustomers` of them are banned. */
  customers: number;
  bannedCustomers: number;
  btcAddressesAvailable: number;
}

/** Read-only figures for the owner's overview; a handful of aggregate queries, no locks. */
export function createStatsService(db: Executor, currency: string) {
  return {
    async summary(): Promise<ShopStats> {
      const [statuses, revenue, stock, customers, btc] = await Promise.all([
        db
          .selectFrom('orders')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute(),
        db
          .selectFrom('orders')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('total'), eb.lit(0)).as('sum'))
          .where('status', '=', 'delivered')
          .where('currency', '=', currency)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('products')
          .select((eb) =>
            eb.fn
              .coalesce(eb.fn.sum<number>(eb('price', '*', eb.ref('stock_quantity'))), eb.lit(0))
              .as('sum'),
          )
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('users')
          .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('banned_at').as('banned')])
          .where('role', '=', 'user')
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('btc_addresses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'available')
          .executeTakeFirstOrThrow(),
      ]);
      const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<
        OrderStatus,
        number
      >;
      for (const row of statuses) ordersByStatus[row.status] = Number(row.n);
      return {
        ordersByStatus,
        revenueDelivered: Number(revenue.sum),
        stockValue: Number(stock.sum),
        customers: Number(customers.all),
        bannedCustomers: Number(customers.banned),
        btcAddressesAvailable: Number(btc.n),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
