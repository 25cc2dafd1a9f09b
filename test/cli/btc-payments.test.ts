import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import { type FakeEsplora, startFakeEsplora } from '../support/fake-esplora.js';
import { newCustomer, newProduct, orderOf } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

const ZPUB =
  'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';

let t: TestDatabase;
let shop: CliShop;
let esplora: FakeEsplora;
beforeAll(async () => {
  t = await createTestDatabase();
  esplora = await startFakeEsplora();
  shop = createCliShop(t.db, { BTC_ESPLORA_URL: esplora.url, BTC_XPUB: ZPUB, LOG_LEVEL: 'warn' });
  await shop.services.settings.set('btc_rate', '50000');
});
afterAll(async () => {
  await esplora.close();
  await t.drop();
});

async function btcOrder() {
  const product = await newProduct(shop, { price: 1250 });
  return orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
}

describe('shopctl btc check, derive and order mark-paid', () => {
  it('derive --show lists the next addresses from BTC_XPUB without taking them', async () => {
    const shown = await shop.run(['btc', 'derive', '--show', '2', '--json']);
    expect(shown.code).toBe(0);
    expect(shown.json()).toEqual([
      { index: 0, address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu' },
      { index: 1, address: 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g' },
    ]);
    const order = await btcOrder();
    expect(order.btc_address).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    const table = await shop.run(['btc', 'derive']);
    expect(table.stdout).toContain('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    expect(table.stdout).not.toContain('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  });

  it('check runs one pass; order show prints the state, amount, confirmations and transaction ids', async () => {
    const order = await btcOrder();
    const txid = esplora.pay(order.btc_address as string, 25_000, { height: esplora.tip });
    const checked = await shop.run(['btc', 'check']);
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    expect(checked.stdout).toContain(`${order.code}: waiting -> paid`);
    const json = (await shop.run(['order', 'show', order.code, '--json'])).json();
    expect(json).toMatchObject({
      status: 'confirmed',
      payment: { state: 'paid', received: '0.00025', confirmations: 1, txids: [txid] },
    });
    const text = (await shop.run(['order', 'show', order.code])).stdout;
    expect(text).toMatch(/Payment state\s*│ paid/);
    expect(text).toContain(txid);
  });

  it('check exits 1 with one sentence when the explorer refuses, and changes nothing', async () => {
    const order = await btcOrder();
    esplora.pay(order.btc_address as string, 25_000, { height: esplora.tip });
    esplora.failNext(429, 1);
    const refused = await shop.run(['btc', 'check']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      'The explorer failed (rate limited); the pass stopped and the orders not checked are unchanged.',
    );
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
  });

  it('mark-paid confirms the order; a cash order has no payment to mark', async () => {
    const order = await btcOrder();
    const marked = await shop.run(['order', 'mark-paid', order.code.toLowerCase(), '--yes', '--json']);
    expect(marked.code).toBe(0);
    expect(marked.json()).toMatchObject({ code: order.code, status: 'confirmed' });
    await shop.services.btc.add(randomAddresses(1));
    const cash = await orderOf(shop, await newCustomer(shop), (await newProduct(shop)).id, 1, 'cod');
    const refused = await shop.run(['order', 'mark-paid', cash.code, '--yes']);
    expect(refused).toMatchObject({
      code: 1,
      stderr: `Order ${cash.code} has no Bitcoin payment to mark.\n`,
    });
  });

  it('check and derive say plainly when they are not configured', async () => {
    const bare = createCliShop(t.db);
    expect(await bare.run(['btc', 'check'])).toMatchObject({
      code: 1,
      stderr: 'BTC_ESPLORA_URL is not set, so payments are confirmed by hand.\n',
    });
    expect((await bare.run(['btc', 'derive'])).stderr).toBe(
      'BTC_XPUB is not set; orders take addresses from the pool.\n',
    );
  });
});
