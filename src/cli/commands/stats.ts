import type { Command } from 'commander';
import { formatMoney } from '../../shared/money.js';
import { emit, JSON_FLAG, money, printDetails } from '../output.js';
import type { Runtime } from '../runtime.js';

export function registerStatsCommand(program: Command, rt: Runtime): void {
  program
    .command('stats')
    .description('orders by status, revenue delivered, stock value, customers, BTC pool left')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const { services, config } = await rt.shop.open();
      const stats = await services.stats.summary();
      const json = {
        currency: config.currency,
        orders: stats.ordersByStatus,
        revenue_delivered: formatMoney(stats.revenueDelivered, config.currency),
        stock_value: formatMoney(stats.stockValue, config.currency),
        customers: stats.customers,
        banned_customers: stats.bannedCustomers,
        btc_addresses_available: stats.btcAddressesAvailable,
      };
      emit(rt.io, opts.json, json, () =>
        printDetails(rt.io, [
          ...Object.entries(stats.ordersByStatus).map(([status, n]): [string, number] => [
            `Orders ${status}`,
            n,
          ]),
          ['Revenue delivered', money(stats.revenueDelivered, config.currency)],
          ['Stock value', money(stats.stockValue, config.currency)],
          [
            'Customers',
            `${stats.customers}${stats.bannedCustomers ? ` (${stats.bannedCustomers} banned)` : ''}`,
          ],
          ['BTC addresses left', stats.btcAddressesAvailable],
        ]),
      );
    });
}
