import type { Command } from 'commander';
import { formatMoney } from '../../shared/money.js';
import { emit, JSON_FLAG, money, printDetails } from '../output.js';
import { parseOptions } from '../parse.js';
import type { Runtime } from '../runtime.js';
import { periodOptions, printPeriodStats } from './stats-periods.js';

export function registerStatsCommand(program: Command, rt: Runtime): void {
  program
    .command('stats')
    .description('orders by status, revenue delivered, stock value, customers, BTC pool left')
    .option('--since <when>', 'figures per period from then: 7d, 8w, 2026-11-01')
    .option('--by <unit>', 'day or week (default day)')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(periodOptions, raw);
      if (opts.since !== undefined || opts.by !== undefined) return printPeriodStats(rt, opts);
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
