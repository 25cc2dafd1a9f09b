import type { ServiceDeps } from '../service-deps.js';
import { ValidationError } from '../shared/errors.js';
import { formatLocalDateTime } from '../shared/time.js';
import { customersPerQuarterHour, ordersPerQuarterHour } from './order-periods.repository.js';

export type PeriodUnit = 'day' | 'week';

export interface PeriodFigures {
  /** The local date the period starts on (a Monday for weeks), "YYYY-MM-DD" in the shop's time zone. */
  start: string;
  orders: number;
  delivered: number;
  /** Cancelled or expired. */
  lost: number;
  /** Totals of the delivered ones, minor units of the shop currency. */
  revenue: number;
  customers: number;
}

const DAY_MS = 86_400_000;

/** The local date a period holding `date` ("YYYY-MM-DD") starts on. */
function periodStart(date: string, by: PeriodUnit): string {
  if (by === 'day') return date;
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Every period start from the one holding `first` to the one holding `last`, so quiet days show as zeros. */
function periodStarts(first: string, last: string, by: PeriodUnit): string[] {
  const step = by === 'day' ? DAY_MS : 7 * DAY_MS;
  const starts: string[] = [];
  const end = new Date(`${periodStart(last, by)}T00:00:00Z`).getTime();
  for (let t = new Date(`${periodStart(first, by)}T00:00:00Z`).getTime(); t <= end; t += step)
    starts.push(new Date(t).toISOString().slice(0, 10));
  return starts;
}

export interface PeriodQuery {
  /** The start, from the shop clock's now (lists say "7d" relative to it). */
  since: (now: Date) => Date;
  by: PeriodUnit;
  timeZone: string;
}

/** Orders, deliveries, revenue and new customers per local day or week, up to now. */
export function createOrderPeriodsService({
  db,
  clock,
  currency,
}: Pick<ServiceDeps, 'db' | 'clock' | 'currency'>) {
  return {
    async figures({ since: from, by, timeZone }: PeriodQuery) {
      const until = clock.now();
      const since = from(until);
      if (since >= until) throw new ValidationError('The start must be in the past.');
      const [orders, customers] = await Promise.all([
        ordersPerQuarterHour(db, since, until, currency),
        customersPerQuarterHour(db, since, until),
      ]);
      const localDate = (instant: Date) => formatLocalDateTime(instant, timeZone).slice(0, 10);
      const periods = new Map<string, PeriodFigures>(
        periodStarts(localDate(since), localDate(until), by).map((start) => [
          start,
          { start, orders: 0, delivered: 0, lost: 0, revenue: 0, customers: 0 },
        ]),
      );
      const periodOf = (quarter: number) =>
        periods.get(periodStart(localDate(new Date(quarter * 900_000)), by));
      for (const row of orders) {
        const period = periodOf(row.quarter);
        if (!period) continue;
        period.orders += row.orders;
        period.delivered += row.delivered;
        period.lost += row.lost;
        period.revenue += row.revenue;
      }
      for (const row of customers) {
        const period = periodOf(row.quarter);
        if (period) period.customers += row.joined;
      }
      return { since, until, periods: [...periods.values()] };
    },
  };
}
