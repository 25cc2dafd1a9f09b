import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { countAvailableAddresses } from '../btc/btc.repository.js';
import type { Db } from '../db/connection.js';
import { poolUsage } from '../db/pool-usage.js';
import type { JobLog } from '../jobs/job-log.js';
import { ordersByStatus, outboxCounts, transitionsByStatus } from '../monitoring/monitoring.repository.js';
import type { Clock } from '../shared/clock.js';

/**
 * The Prometheus metrics of one process. Counters of what this process did (updates, job runs) are kept here;
 * numbers about the shop as a whole (orders, outbox, address pool) are read from the database at scrape time, so
 * any process answers with the same shop-wide values. A failed read leaves the value out of that scrape rather
 * than failing the whole response.
 */

export interface ShopMetrics {
  registry: Registry;
  /** One handled update: its kind (message, callback_query, ...) and how long the handlers took. */
  observeUpdate(kind: string, seconds: number, ok: boolean): void;
}

export function createMetrics(deps: { db: Db; jobs: JobLog; clock: Clock }): ShopMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { db } = deps;

  const updates = new Counter({
    name: 'shop_updates_total',
    help: 'Telegram updates handled by this process, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'shop_update_duration_seconds',
    help: 'Time the bot took to handle one update.',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'shop_job_duration_seconds',
    help: 'Duration of background job passes run by this process.',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  deps.jobs.onRun((run) =>
    jobDuration.observe({ job: run.job, outcome: run.ok ? 'ok' : 'error' }, run.seconds),
  );

  const fromDatabase = (collect: (gauge: Gauge<string>) => Promise<void>) =>
    async function (this: Gauge<string>) {
      this.reset();
      await collect(this).catch(() => undefined);
    };
  new Gauge({
    name: 'shop_orders',
    help: 'Orders in the shop by current status.',
    labelNames: ['status'] as const,
    registers: [registry],
    collect: fromDatabase(async (gauge) => {
      for (const row of await ordersByStatus(db)) gauge.set({ status: row.status }, row.count);
    }),
  });
  new Gauge({
    name: 'shop_order_transitions',
    help: 'Order status changes ever recorded, by the status entered; "reserved" counts orders placed.',
    labelNames: ['status'] as const,
    registers: [registry],
    collect: fromDatabase(async (gauge) => {
      for (const row of await transitionsByStatus(db)) gauge.set({ status: row.status }, row.count);
    }),
  });
  new Gauge({
    name: 'shop_outbox_messages',
    help: 'Notification outbox rows: "backlog" are due and not yet sent, "failed" were given up on.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect: fromDatabase(async (gauge) => {
      const counts = await outboxCounts(db, deps.clock.now());
      gauge.set({ state: 'backlog' }, counts.backlog);
      gauge.set({ state: 'failed' }, counts.failed);
    }),
  });
  new Gauge({
    name: 'shop_btc_free_addresses',
    help: 'Bitcoin addresses in the pool not yet given to an order.',
    registers: [registry],
    collect: fromDatabase(async (gauge) => gauge.set(await countAvailableAddresses(db))),
  });
  new Gauge({
    name: 'shop_db_pool_connections',
    help: 'Database connections of this process: in use, waiting callers, and the pool limit.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const usage = poolUsage(db);
      if (!usage) return;
      this.set({ state: 'in_use' }, usage.inUse);
      this.set({ state: 'waiting' }, usage.waiting);
      this.set({ state: 'limit' }, usage.limit);
    },
  });

  return {
    registry,
    observeUpdate(kind, seconds, ok) {
      updates.inc({ kind, outcome: ok ? 'ok' : 'error' });
      latency.observe({ kind }, seconds);
    },
  };
}
