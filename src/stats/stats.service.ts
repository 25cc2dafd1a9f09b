import { countAvailableAddresses } from '../btc/btc.repository.js';
import type { OrderStatus } from '../db/schema.js';
import { ORDER_STATUSES } from '../orders/order-state.js';
import type { ServiceDeps } from '../service-deps.js';
import { countCustomers, countOrdersByStatus, deliveredRevenue, stockValue } from './stats.repository.js';

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
export function createStatsService({ db, currency }: ServiceDeps) {
  return {
    async summary(): Promise<ShopStats> {
      const [statuses, revenueDelivered, stock, customers, btcAddressesAvailable] = await Promise.all([
        countOrdersByStatus(db),
        deliveredRevenue(db, currency),
        stockValue(db),
        countCustomers(db),
        countAvailableAddresses(db),
      ]);
      const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<
        OrderStatus,
        number
      >;
      for (const row of statuses) ordersByStatus[row.status] = row.n;
      return {
        ordersByStatus,
        revenueDelivered,
        stockValue: stock,
        customers: customers.all,
        bannedCustomers: customers.banned,
        btcAddressesAvailable,
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
