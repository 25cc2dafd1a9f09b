import { z } from 'zod';
import { formatMoney } from '../../shared/money.js';
import { UsageError } from '../errors.js';
import { emit, money, printTable } from '../output.js';
import { parseInstant } from '../parse.js';
import type { Runtime } from '../runtime.js';

export const periodOptions = z.object({
  since: z.string().optional(),
  by: z.string().optional(),
  json: z.boolean().optional(),
});

const DEFAULT_SINCE = { day: '7d', week: '8w' } as const;

/** `stats --since 7d --by day|week`: the figures per local day or week, oldest first, with a total. */
export async function printPeriodStats(rt: Runtime, opts: z.output<typeof periodOptions>): Promise<void> {
  const by = opts.by ?? 'day';
  if (by !== 'day' && by !== 'week') throw new UsageError('--by must be day or week');
  const { config, services } = await rt.shop.open();
  const timeZone = await services.settings.get('timezone');
  const { since, periods } = await services.orderPeriods.figures({
    since: (now) => parseInstant(opts.since ?? DEFAULT_SINCE[by], '--since', timeZone, now),
    by,
    timeZone,
  });
  const total = periods.reduce(
    (sum, p) => ({
      orders: sum.orders + p.orders,
      delivered: sum.delivered + p.delivered,
      lost: sum.lost + p.lost,
      revenue: sum.revenue + p.revenue,
      customers: sum.customers + p.customers,
    }),
    { orders: 0, delivered: 0, lost: 0, revenue: 0, customers: 0 },
  );
  const json = {
    currency: config.currency,
    time_zone: timeZone,
    since: since.toISOString(),
    by,
    periods: periods.map((p) => ({ ...p, revenue: formatMoney(p.revenue, config.currency) })),
    total: { ...total, revenue: formatMoney(total.revenue, config.currency) },
  };
  emit(rt.io, opts.json, json, () =>
    printTable(
      rt.io,
      [
        by === 'day' ? `Day (${timeZone})` : `Week from (${timeZone})`,
        'Orders',
        'Delivered',
        'Cancelled/expired',
        'Revenue',
        'New customers',
      ],
      [...periods, { start: 'Total', ...total }].map((p) => [
        p.start,
        p.orders,
        p.delivered,
        p.lost,
        money(p.revenue, config.currency),
        p.customers,
      ]),
    ),
  );
}
