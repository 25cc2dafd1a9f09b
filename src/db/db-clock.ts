import { sql } from 'kysely';

/**
 * The database's clock, for rows that processes coordinate through (leases, update claims): every process of the
 * shop compares against the same clock (on Galera, the node's; nodes' clocks agree far better than a lease is
 * long), so a process with a wrong or moved clock neither steals a live lease nor keeps a lapsed one.
 */
export const dbNow = sql<Date>`utc_timestamp(3)`;

export const dbNowPlus = (ms: number) =>
  sql<Date>`utc_timestamp(3) + interval ${Math.round(ms) * 1000} microsecond`;
