import { describe, expect, it } from 'vitest';
import { StaleBtcRateError } from '../../src/shared/errors.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { reportOutputs } from '../support/payments.js';
import {
  liftOrderLimits,
  newCustomer,
  newProduct,
  OWNER_ID,
  orderOf,
  productRow,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop(async (created) => {
  ({ t, shop } = created);
  await shop.services.btc.add(randomAddresses(20));
});

const staffKinds = async (kind: string) =>
  (
    await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', OWNER_ID)
      .where('kind', '=', kind)
      .execute()
  ).map((r) => JSON.parse(r.payload));

describe('a stale rate never sells', () => {
  it('refuses Bitcoin checkout once btc_rate is older than btc_rate_max_age_hours, alerting the staff once', async () => {
    await liftOrderLimits(shop);
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { stock: 10 });
    const user = await newCustomer(shop);
    shop.clock.advanceHours(23);
    expect((await orderOf(shop, user, product.id, 1, 'btc')).btc_amount_sats).toBe(25_000);
    shop.clock.advanceHours(2);
    await expect(orderOf(shop, user, product.id, 1, 'btc')).rejects.toThrow(StaleBtcRateError);
    await expect(orderOf(shop, user, product.id, 1, 'btc')).rejects.toThrow(/older than 24 hours/);
    expect(await staffKinds('btc_rate_stale')).toHaveLength(1);
    // Cash still sells, and the cart was kept.
    expect((await orderOf(shop, user, product.id, 1, 'cod')).status).toBe('reserved');
    // 0 turns the check off; setting the rate again makes it fresh.
    await shop.services.settings.set('btc_rate_max_age_hours', '0');
    expect((await orderOf(shop, user, product.id, 1, 'btc')).status).toBe('reserved');
    await shop.services.settings.set('btc_rate_max_age_hours', '24');
    await shop.services.settings.set('btc_rate', '60000');
    expect((await orderOf(shop, user, product.id, 1, 'btc')).status).toBe('reserved');
  });
});

describe('late payments', () => {
  async function lateOrder(stock: number) {
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { stock, price: 1250 });
    const order = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    await shop.services.orders.cancel(order.code, { reason: 'no payment' });
    const change = await reportOutputs(
      shop.services,
      order.id,
      [{ txid: 'cd'.repeat(32), vout: 1, value: 25_000, height: 10 }],
      10,
    );
    expect(change).toEqual({ code: order.code, from: 'waiting', to: 'late' });
    return { order, product };
  }

  it('revive reserves the stock again and confirms the order once', async () => {
    const { order, product } = await lateOrder(3);
    expect((await staffKinds('payment_late')).at(-1)).toMatchObject({
      code: order.code,
      received_sats: 25_000,
    });
    expect(await shop.services.payments.revive(order.code.toLowerCase())).toEqual({
      code: order.code,
      from: 'late',
      to: 'paid',
    });
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');
    expect((await productRow(shop, product.id)).reserved_quantity).toBe(1);
    await expect(shop.services.payments.revive(order.code)).rejects.toThrow(
      /is confirmed and cannot be revived/,
    );
  });

  it('refuses to revive when the stock is gone, changing nothing', async () => {
    const { order, product } = await lateOrder(1);
    await orderOf(shop, await newCustomer(shop), product.id, 1, 'cod');
    await expect(shop.services.payments.revive(order.code)).rejects.toThrow(/Not enough stock to revive/);
    expect((await shop.services.orders.get(order.code)).status).toBe('cancelled');
    expect((await shop.services.payments.view(order.id))?.state).toBe('late');
  });

  it('refuses an order without a late payment', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    const order = await orderOf(shop, await newCustomer(shop), (await newProduct(shop)).id, 1, 'btc');
    await shop.services.orders.cancel(order.code);
    await expect(shop.services.payments.revive(order.code)).rejects.toThrow(/no late payment/);
  });
});
