import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/connection.js';
import { createPaymentWatcher, nextDelayMs } from '../../src/jobs/payment-watcher.js';
import { createEsploraClient } from '../../src/payments/esplora-client.js';
import { createServices } from '../../src/services.js';
import { exitOf, until } from '../support/bot-process.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { ROOT } from '../support/build.js';
import { type FakeEsplora, startFakeEsplora } from '../support/fake-esplora.js';
import { newCustomer, newProduct, orderOf, type TestShop, useTestShop } from '../support/shop.js';
import { childEnv, scratchDir } from '../support/subprocess.js';

let shop: TestShop;
let databaseUrl: string;
let esplora: FakeEsplora;
useTestShop((created) => {
  ({ shop } = created);
  databaseUrl = created.t.url;
});
beforeAll(async () => {
  esplora = await startFakeEsplora();
});
afterAll(() => esplora.close());

describe('payment watcher job', () => {
  it('runs in the bot process: a rate-limited pass is followed by one that confirms the order', async () => {
    await shop.services.btc.add(randomAddresses(1));
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { price: 1250 });
    const order = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    esplora.pay(order.btc_address as string, 25_000, { height: esplora.tip });
    esplora.failNext(429, 1);

    const lines: { msg: string; to?: string }[] = [];
    let paid: () => void = () => undefined;
    const confirmed = new Promise<void>((resolve) => {
      paid = resolve;
    });
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          const entry = JSON.parse(line);
          lines.push(entry);
          if (entry.msg === 'payment state changed' && entry.to === 'paid') paid();
        },
      },
    );
    const watcher = createPaymentWatcher({
      payments: shop.services.payments,
      client: createEsploraClient(esplora.url),
      logger,
      intervalMs: 10,
    });
    watcher.start();
    await confirmed;
    await watcher.stop();
    expect(lines.map((l) => l.msg)).toContain('explorer did not give the tip height; pass skipped');
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
  });

  it('waits the interval after a good pass, doubles per failed pass, caps at 30 minutes, honours Retry-After', () => {
    expect(nextDelayMs(60_000, 0)).toBe(60_000);
    expect(nextDelayMs(60_000, 1)).toBe(120_000);
    expect(nextDelayMs(60_000, 3)).toBe(480_000);
    expect(nextDelayMs(60_000, 20)).toBe(1_800_000);
    expect(nextDelayMs(60_000, 1, 600)).toBe(600_000);
  });
});

describe('the payment watcher in two processes', () => {
  const LEASE_MS = 1500;

  it('runs passes in the lease holder only, and resumes in the other within a lease of the holder dying', async () => {
    await shop.services.btc.add(randomAddresses(1));
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { price: 1250 });
    const order = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    esplora.pay(order.btc_address as string, 25_000, { height: esplora.tip });
    // The first process's pass hangs on the explorer, holding the lease (renewed while it waits).
    esplora.delayMs = 5000;
    const before = esplora.requests;
    const cwd = await scratchDir();
    const holder = spawn(
      process.execPath,
      // tsx is found from here, not from the process's own scratch folder.
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'test', 'support', 'payment-watcher-process.ts')],
      {
        cwd,
        env: childEnv(cwd, {
          DATABASE_URL: databaseUrl,
          ESPLORA_URL: esplora.url,
          LEASE_MS: String(LEASE_MS),
        }),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    holder.stderr?.on('data', (chunk) => (stderr += chunk));
    const db = createDatabase(databaseUrl, { connectionLimit: 2 });
    const client = createEsploraClient(esplora.url);
    let skipped = 0;
    let paid = false;
    const logger = pino(
      { level: 'debug' },
      {
        write: (line: string) => {
          const entry = JSON.parse(line);
          if (entry.msg.startsWith('another process holds the payments lease')) skipped++;
          if (entry.msg === 'payment state changed' && entry.to === 'paid') paid = true;
        },
      },
    );
    const other = createPaymentWatcher({
      payments: createServices(db, createConfig({}), shop.clock).payments,
      client,
      logger,
      db,
      intervalMs: 20,
      leaseMs: LEASE_MS,
    });
    try {
      await until(() => esplora.requests > before || holder.exitCode !== null, 'the first process to start');
      expect(stderr).toBe('');
      expect(esplora.requests).toBeGreaterThan(before);
      other.start();
      await until(() => skipped > 0, 'the second process to find the lease held');
      // Nothing is meant to happen here: for more than a lease term the live holder renews it and keeps the
      // other process out, so only time can show it.
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 1.5));
      expect(skipped).toBeGreaterThan(10);
      expect(client.requests).toBe(0);

      holder.kill('SIGKILL');
      await exitOf(holder, 10_000);
      const killed = Date.now();
      esplora.delayMs = 0;
      await until(() => client.requests > 0, 'the second process to take over');
      // The lease lapses at most a term after the holder's last renewal; the rest is room for a loaded machine.
      expect(Date.now() - killed).toBeLessThan(2 * LEASE_MS);
      await until(() => paid, 'the second process to see the payment');
      expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
    } finally {
      holder.kill('SIGKILL');
      await other.stop();
      await db.destroy();
    }
  }, 60_000);
});
