import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/connection.js';
import type { HealthReport } from '../../src/http/health.js';
import type { Listening } from '../../src/http/listen.js';
import { createMetrics } from '../../src/http/metrics.js';
import { startMonitoringServer } from '../../src/http/monitoring-server.js';
import { createJobLog, timed } from '../../src/jobs/job-log.js';
import { createTelegramStatus } from '../../src/monitoring/telegram-status.js';
import { parsePrometheusStrict, sampleValue } from '../support/prometheus-text.js';
import { newCustomer, newProduct, orderOf, type TestShop, useTestShop } from '../support/shop.js';

const TOKEN = 'scrape-token-0123456789';
let shop: TestShop;
let server: Listening;
let open: Listening;
const telegram = createTelegramStatus();
const jobs = createJobLog();

useTestShop(async (created) => {
  shop = created.shop;
});

beforeAll(async () => {
  const metrics = createMetrics({ db: shop.db, jobs, clock: shop.clock });
  const health = { db: shop.db, telegram, jobs, clock: shop.clock };
  server = await startMonitoringServer({ host: '127.0.0.1', port: 0, token: TOKEN, metrics, health });
  open = await startMonitoringServer({ host: '127.0.0.1', port: 0, metrics, health });

  const customer = await newCustomer(shop);
  const product = await newProduct(shop, { stock: 5 });
  await orderOf(shop, customer, product.id, 2);
  metrics.observeUpdate('message', 0.03, true);
  metrics.observeUpdate('callback_query', 0.2, false);
  await timed(jobs, 'expiry', async () => undefined);
});
/** Pending outbox rows due by the shop's clock (the order above queued the staff's notices). */
async function dueOutboxRows(): Promise<number> {
  const rows = await shop.db
    .selectFrom('notification_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', shop.clock.now())
    .execute();
  return rows.length;
}

afterAll(async () => {
  await server?.close();
  await open?.close();
});

const get = (listening: Listening, path: string, token?: string) =>
  fetch(`http://127.0.0.1:${listening.port}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('/metrics', () => {
  it('wants the bearer token when one is set', async () => {
    expect((await get(server, '/metrics')).status).toBe(401);
    expect((await get(server, '/metrics', 'wrong-token-0123456789')).status).toBe(401);
    expect((await get(server, '/metrics', TOKEN)).status).toBe(200);
  });

  it('serves the text format, with the shop and process numbers', async () => {
    const response = await get(server, '/metrics', TOKEN);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusStrict(await response.text());

    expect(sampleValue(families, 'shop_updates_total', { kind: 'message', outcome: 'ok' })).toBe(1);
    expect(sampleValue(families, 'shop_updates_total', { kind: 'callback_query', outcome: 'error' })).toBe(1);
    expect(families.types.get('shop_update_duration_seconds')).toBe('histogram');
    const latency = (name: string, labels: Record<string, string>) =>
      sampleValue(families, `shop_update_duration_seconds_${name}`, { kind: 'message', ...labels });
    expect(latency('count', {})).toBe(1);
    expect(latency('bucket', { le: '0.05' })).toBe(1);
    expect(latency('bucket', { le: '0.025' })).toBe(0);

    expect(sampleValue(families, 'shop_orders', { status: 'reserved' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'shop_order_transitions', { status: 'reserved' })).toBeGreaterThanOrEqual(1);
    const due = await dueOutboxRows();
    expect(due).toBeGreaterThan(0);
    expect(sampleValue(families, 'shop_outbox_messages', { state: 'backlog' })).toBe(due);
    expect(sampleValue(families, 'shop_btc_free_addresses')).toBe(0);
    expect(sampleValue(families, 'shop_db_pool_connections', { state: 'limit' })).toBeGreaterThan(0);
    expect(sampleValue(families, 'shop_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'shop_job_duration_seconds_count', { job: 'expiry', outcome: 'ok' })).toBe(
      1,
    );
  });

  it('counts a new order at the next scrape', async () => {
    const scrape = async () =>
      sampleValue(
        parsePrometheusStrict(await (await get(open, '/metrics')).text()),
        'shop_order_transitions',
        {
          status: 'reserved',
        },
      ) ?? 0;
    const before = await scrape();
    const customer = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 5 });
    await orderOf(shop, customer, product.id, 1);
    expect(await scrape()).toBe(before + 1);
  });

  it('refuses other paths and methods', async () => {
    expect((await get(open, '/nope')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${open.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('/health', () => {
  it('is 200 with the database, Telegram, jobs and outbox when all is well', async () => {
    telegram.succeeded(shop.clock.now());
    const response = await get(open, '/health');
    expect(response.status).toBe(200);
    const report = (await response.json()) as HealthReport;
    expect(report).toMatchObject({ ok: true, reasons: [], database: { reachable: true } });
    expect(report.telegram.lastOkAt).toBe(shop.clock.now().toISOString());
    expect(report.jobs).toEqual([expect.objectContaining({ job: 'expiry', ok: true })]);
    const due = await dueOutboxRows();
    expect(due).toBeGreaterThan(0);
    expect(report.outbox).toEqual(expect.objectContaining({ backlog: due }));
  });

  it('is 503 with the reason when Telegram has been failing for a while', async () => {
    // The hour below would make the queued notices overdue too: delivered, so only Telegram's failure is reported.
    await shop.db
      .updateTable('notification_outbox')
      .set({ status: 'sent', sent_at: shop.clock.now() })
      .where('status', '=', 'pending')
      .execute();
    const lastOk = shop.clock.now();
    telegram.succeeded(lastOk);
    shop.clock.advanceHours(1);
    telegram.failed(shop.clock.now(), 'sendMessage', 'network: connect ECONNREFUSED');
    const response = await get(open, '/health');
    expect(response.status).toBe(503);
    const report = (await response.json()) as HealthReport;
    expect(report.reasons).toEqual([
      `Telegram calls have failed since ${lastOk.toISOString()}: network: connect ECONNREFUSED`,
    ]);
    telegram.succeeded(shop.clock.now());
    expect((await get(open, '/health')).status).toBe(200);
  });

  it('is 503 when the database cannot be reached', async () => {
    const unreachable = createDatabase('mysql://shop:shop@127.0.0.1:9/shop', { connectionLimit: 1 });
    const metrics = createMetrics({ db: unreachable, jobs, clock: shop.clock });
    const health = { db: unreachable, telegram, jobs, clock: shop.clock };
    const down = await startMonitoringServer({ host: '127.0.0.1', port: 0, metrics, health });
    try {
      const response = await get(down, '/health');
      expect(response.status).toBe(503);
      expect(((await response.json()) as HealthReport).reasons[0]).toMatch(/^the database is unreachable: /);
      // Shop-wide numbers are left out of a scrape the database cannot answer; the rest still comes.
      const families = parsePrometheusStrict(await (await get(down, '/metrics')).text());
      expect(sampleValue(families, 'shop_orders', { status: 'reserved' })).toBeUndefined();
      expect(sampleValue(families, 'shop_db_pool_connections', { state: 'limit' })).toBe(1);
    } finally {
      await down.close();
      await unreachable.destroy();
    }
  });

  it('is 503 when a job failed its last run', async () => {
    await expect(
      timed(jobs, 'retention', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const report = (await (await get(open, '/health')).json()) as HealthReport;
    expect(report.reasons).toContain('the last retention run failed: disk full');
    await timed(jobs, 'retention', async () => undefined);
    expect((await get(open, '/health')).status).toBe(200);
  });
});

describe('the strict text-format parser', () => {
  it('rejects what Prometheus would not take', () => {
    expect(() => parsePrometheusStrict('garbage line here\n')).toThrow('not a valid sample');
    expect(() => parsePrometheusStrict('a 1\n')).toThrow('sample before its TYPE');
    expect(() => parsePrometheusStrict('# TYPE a gauge\na{x=1} 2\n')).toThrow('not a valid sample');
    expect(() => parsePrometheusStrict('# TYPE a gauge\na 1')).toThrow('end with a newline');
    expect(() =>
      parsePrometheusStrict('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n'),
    ).toThrow('not cumulative');
  });
});
