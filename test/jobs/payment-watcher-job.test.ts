import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentWatcher, nextDelayMs } from '../../src/jobs/payment-watcher.js';
import { createEsploraClient } from '../../src/payments/esplora-client.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { type FakeEsplora, startFakeEsplora } from '../support/fake-esplora.js';
import { newCustomer, newProduct, orderOf, type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
let esplora: FakeEsplora;
useTestShop((created) => {
  ({ shop } = created);
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
