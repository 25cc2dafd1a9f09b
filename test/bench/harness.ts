import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { createConfig } from '../../src/config.js';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices, type Services } from '../../src/services.js';

export interface Row {
  scenario: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

export interface BenchContext {
  serverUrl: string;
  quick: boolean;
  log(message: string): void;
}

/**
 * A fresh, migrated database on the benchmark server, with services built on it. The pool has the size the bot
 * runs with unless told otherwise.
 */
export async function benchDatabase(
  serverUrl: string,
  connectionLimit?: number,
): Promise<{ db: Db; url: string; services: Services; drop(): Promise<void> }> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ uri: serverUrl });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.href, { connectionLimit });
  await migrateToLatest(db);
  const services = createServices(db, createConfig({ OWNER_ID: '1', SHOP_DATA_DIR: '/tmp' }));
  return {
    db,
    url: url.href,
    services,
    async drop() {
      await db.destroy();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Runs every task with at most `concurrency` in flight; returns each task's latency in ms and outcome. */
export async function runConcurrently<T>(
  tasks: (() => Promise<T>)[],
  concurrency: number,
): Promise<{ wallMs: number; latencies: number[]; results: PromiseSettledResult<T>[] }> {
  const latencies: number[] = new Array(tasks.length);
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const start = performance.now();
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index] as () => Promise<T>;
      const t0 = performance.now();
      try {
        results[index] = { status: 'fulfilled', value: await task() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
      latencies[index] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return { wallMs: performance.now() - start, latencies, results };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
