import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPaymentPass } from '../../src/jobs/payment-watcher.js';
import { createEsploraClient } from '../../src/payments/esplora-client.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { type FakeEsplora, startFakeEsplora } from '../support/fake-esplora.js';
import {
  ADMIN_ID,
  newCustomer,
  newProduct,
  OWNER_ID,
  orderOf,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
let esplora: FakeEsplora;
useTestShop((created) => {
  ({ t, shop } = created);
});
beforeAll(async () => {
  esplora = await startFakeEsplora();
});
afterAll(() => esplora.close());

let logs: { msg: string; order?: string }[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });

function pass(options: { concurrency?: number; timeoutMs?: number } = {}) {
  const client = createEsploraClient(esplora.url, { timeoutMs: options.timeoutMs });
  return runPaymentPass({
    payments: shop.services.payments,
    client,
    logger,
    concurrency: options.concurrency,
  });
}

beforeEach(async () => {
  await esplora.idle();
  logs = [];
  esplora.delayMs = 0;
  esplora.failNext(200, 0);
  // Earlier tests' orders are settled so each test sees only its own.
  await t.db
    .updateTable('btc_payments')
    .set({ state: 'late' })
    .where('state', 'in', ['waiting', 'seen', 'underpaid'])
    .execute();
  await shop.services.settings.set('btc_rate', '50000.00');
  await shop.services.settings.set('btc_confirmations', '1');
  await shop.services.btc.add(randomAddresses(12));
});

/** A Bitcoin order of one product at $12.50: 25,000 sats at $50,000 per BTC. */
async function btcOrder() {
  const user = await newCustomer(shop);
  const product = await newProduct(shop, { price: 1250 });
  const order = await orderOf(shop, user, product.id, 1, 'btc');
  expect(order.btc_amount_sats).toBe(25_000);
  return { user, order, address: order.btc_address as string };
}

const kinds = async (chatId: number, since = 0) =>
  (
    await t.db
      .selectFrom('notification_outbox')
      .select(['id', 'kind', 'payload'])
      .where('chat_id', '=', chatId)
      .where('id', '>', since)
      .orderBy('id')
      .execute()
  ).map((r) => r.kind);

const lastOutboxId = async () =>
  Number(
    (
      await t.db
        .selectFrom('notification_outbox')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );

const paymentOf = (orderId: number) =>
  t.db.selectFrom('btc_payments').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();

describe('payment watcher', () => {
  it('moves waiting -> seen in the mempool -> paid once confirmed, confirming the order as the owner would', async () => {
    const { user, order, address } = await btcOrder();
    const before = await lastOutboxId();
    expect((await pass()).changed).toEqual([]);
    const txid = esplora.pay(address, 25_000);
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'waiting', to: 'seen' }]);
    expect(await kinds(user, before)).toEqual(['payment_seen']);
    expect(await kinds(OWNER_ID, before)).toContain('payment_seen');
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');

    esplora.mine(txid);
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'seen', to: 'paid' }]);
    const confirmed = await shop.services.orders.get(order.code);
    expect(confirmed.status).toBe('confirmed');
    expect(await kinds(user, before)).toEqual(['payment_seen', 'order_confirmed']);
    expect(await kinds(ADMIN_ID, before)).toEqual(['payment_seen', 'payment_received']);
    const history = await shop.services.orders.history(order.code);
    expect(history.at(-1)).toMatchObject({ to_status: 'confirmed', actor: 'system:payments' });
    expect(await paymentOf(order.id)).toMatchObject({
      state: 'paid',
      received_sats: 25_000,
      confirmations: 1,
    });
    // Settled: the next pass does not even ask about it.
    const settled = await pass();
    expect(settled.watched).toBe(0);
    expect(settled.requests).toBe(0);
  });

  it('waits for btc_confirmations before counting a payment', async () => {
    await shop.services.settings.set('btc_confirmations', '3');
    const { order, address } = await btcOrder();
    esplora.pay(address, 25_000, { height: esplora.tip - 1 });
    await pass();
    expect(await paymentOf(order.id)).toMatchObject({ state: 'seen', confirmations: 2 });
    esplora.tip += 1;
    await pass();
    expect(await paymentOf(order.id)).toMatchObject({ state: 'paid', confirmations: 3 });
  });

  it('tells the customer what is missing when underpaid, then confirms once topped up', async () => {
    const { user, order, address } = await btcOrder();
    const before = await lastOutboxId();
    esplora.pay(address, 10_000, { height: esplora.tip });
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'waiting', to: 'underpaid' }]);
    const [underpaid] = await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', user)
      .where('kind', '=', 'payment_underpaid')
      .execute();
    expect(JSON.parse(underpaid?.payload ?? '{}')).toMatchObject({ missing_sats: 15_000, address });
    esplora.pay(address, 15_000, { height: esplora.tip });
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'underpaid', to: 'paid' }]);
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
    expect(await kinds(user, before)).toEqual(['payment_underpaid', 'order_confirmed']);
  });

  it('counts a payment within btc_underpay_tolerance_percent as paid', async () => {
    await shop.services.settings.set('btc_underpay_tolerance_percent', '1');
    const { order, address } = await btcOrder();
    esplora.pay(address, 24_750, { height: esplora.tip });
    await pass();
    expect((await paymentOf(order.id)).state).toBe('paid');
    await shop.services.settings.set('btc_underpay_tolerance_percent', '0');
  });

  it('confirms an overpaid order and tells the staff the excess; outputs are counted once by txid:vout', async () => {
    const { order, address } = await btcOrder();
    const before = await lastOutboxId();
    // Two outputs of one transaction pay the address.
    esplora.pay(address, 20_000, { height: esplora.tip, extra: [{ address, value: 10_000 }] });
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'waiting', to: 'overpaid' }]);
    const [received] = await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', OWNER_ID)
      .where('kind', '=', 'payment_received')
      .where('id', '>', before)
      .execute();
    expect(JSON.parse(received?.payload ?? '{}')).toMatchObject({
      received_sats: 30_000,
      excess_sats: 5_000,
    });
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
    const view = await shop.services.payments.view(order.id);
    expect(view?.outputs.map((o) => o.vout).sort()).toEqual([0, 1]);
  });

  it('takes an order back to waiting when its transaction is replaced or dropped', async () => {
    const { user, order, address } = await btcOrder();
    const txid = esplora.pay(address, 25_000);
    await pass();
    expect((await paymentOf(order.id)).state).toBe('seen');
    esplora.drop(txid);
    const before = await lastOutboxId();
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'seen', to: 'waiting' }]);
    expect(await paymentOf(order.id)).toMatchObject({ received_sats: 0 });
    expect((await shop.services.payments.view(order.id))?.outputs).toEqual([]);
    expect(await kinds(user, before)).toEqual(['payment_dropped']);
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
  });

  it('backs off on 429 and 5xx without changing any order', async () => {
    const orders = [await btcOrder(), await btcOrder(), await btcOrder()];
    for (const { address } of orders) esplora.pay(address, 25_000, { height: esplora.tip });
    esplora.failNext(429, 1, 30);
    const limited = await pass({ concurrency: 1 });
    expect(limited).toMatchObject({ halted: 'rate_limited', retryAfterSeconds: 30, checked: 0, requests: 1 });
    esplora.failNext(503, 5);
    const down = await pass({ concurrency: 1 });
    expect(down).toMatchObject({ halted: 'unavailable', checked: 0 });
    expect(down.requests).toBe(1);
    for (const { order } of orders) {
      expect((await paymentOf(order.id)).state).toBe('waiting');
      expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
    }
    // Tip answered, then the first address lookup is refused: the pass stops there.
    esplora.failNext(200, 0);
    const recovered = await pass();
    expect(recovered.changed).toHaveLength(3);
  });

  it('gives up on a slow explorer after the timeout without changing the order', async () => {
    const { order, address } = await btcOrder();
    esplora.pay(address, 25_000, { height: esplora.tip });
    esplora.delayMs = 500;
    const slow = await pass({ timeoutMs: 100 });
    expect(slow.halted).toBe('timeout');
    expect((await paymentOf(order.id)).state).toBe('waiting');
  });

  it('refuses a malformed answer with a log line and goes on with the other orders', async () => {
    const bad = await btcOrder();
    const good = await btcOrder();
    esplora.pay(bad.address, 25_000, { height: esplora.tip });
    esplora.pay(good.address, 25_000, { height: esplora.tip });
    esplora.garbageFor(
      bad.address,
      JSON.stringify([{ txid: 'not-a-txid', vout: [{ scriptpubkey_address: bad.address, value: -5 }] }]),
    );
    const report = await pass();
    expect(report).toMatchObject({ refused: 1, halted: null, checked: 1 });
    expect(report.changed).toEqual([{ code: good.order.code, from: 'waiting', to: 'paid' }]);
    expect((await paymentOf(bad.order.id)).state).toBe('waiting');
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'explorer answer refused', order: bad.order.code }),
    );
    esplora.garbageFor(bad.address, '<html>oops');
    expect((await pass()).refused).toBe(1);
  });

  it('keeps requests in flight within the concurrency limit', async () => {
    for (let i = 0; i < 8; i++) await btcOrder();
    esplora.delayMs = 20;
    esplora.resetMaxInFlight();
    const before = esplora.requests;
    const report = await pass({ concurrency: 3 });
    expect(report).toMatchObject({ watched: 8, checked: 8, requests: 9 });
    expect(esplora.requests - before).toBe(9);
    // The limit is reached (the requests did overlap) and never passed.
    expect(esplora.maxInFlight).toBe(3);
  });

  it('confirms once when two watchers (bot and cron) race on the same payment', async () => {
    const { user, order, address } = await btcOrder();
    esplora.pay(address, 25_000, { height: esplora.tip });
    const before = await lastOutboxId();
    const [a, b] = await Promise.all([pass(), pass()]);
    expect([...a.changed, ...b.changed]).toEqual([{ code: order.code, from: 'waiting', to: 'paid' }]);
    expect(await kinds(user, before)).toEqual(['order_confirmed']);
    expect(await kinds(OWNER_ID, before)).toEqual(['payment_received']);
    const history = await shop.services.orders.history(order.code);
    expect(history.filter((h) => h.to_status === 'confirmed')).toHaveLength(1);
  });

  it('flags money arriving after expiry as a late payment for the staff, within btc_late_payment_days', async () => {
    const { order, address } = await btcOrder();
    const late = await btcOrder();
    shop.clock.advanceHours(25);
    await shop.services.orders.expireDue();
    esplora.pay(address, 25_000, { height: esplora.tip });
    const before = await lastOutboxId();
    expect((await pass()).changed).toEqual([{ code: order.code, from: 'waiting', to: 'late' }]);
    expect(await kinds(OWNER_ID, before)).toEqual(['payment_late']);
    expect((await shop.services.orders.get(order.code)).status).toBe('expired');

    // Past the window an expired order is no longer asked about.
    shop.clock.advanceHours(8 * 24);
    esplora.pay(late.address, 25_000, { height: esplora.tip });
    const after = await pass();
    expect(after.watched).toBe(0);
    expect((await paymentOf(late.order.id)).state).toBe('waiting');
  });
});

describe('mark paid', () => {
  it('records a payment the watcher cannot see and confirms the order; twice is refused', async () => {
    const { user, order } = await btcOrder();
    const before = await lastOutboxId();
    expect(await shop.services.payments.markPaid(order.code.toLowerCase())).toEqual({
      code: order.code,
      from: 'waiting',
      to: 'paid',
    });
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
    expect(await paymentOf(order.id)).toMatchObject({ state: 'paid', marked_paid_by: 'owner' });
    expect(await kinds(user, before)).toEqual(['order_confirmed']);
    await expect(shop.services.payments.markPaid(order.code)).rejects.toThrow(/already paid/);
    await expect(shop.services.payments.markPaid('ZZZZZZ')).rejects.toThrow(/No order "ZZZZZZ"/);
  });
});
