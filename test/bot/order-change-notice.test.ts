import { describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import { newCustomer, newProduct, orderOf, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness({ btc_rate: '50000' }, async (created) => {
  ({ t, shop, h } = created);
});

/** A Bitcoin order of `quantity` × 0.00025 BTC of which the watcher has seen `received` sats arrive. */
async function partlyPaidOrder(quantity: number, received: number) {
  const [address] = randomAddresses(1);
  await shop.services.btc.add([address as string]);
  const product = await newProduct(shop, { stock: 10, price: 1250 });
  const user = await newCustomer(shop);
  const order = await orderOf(shop, user, product.id, quantity, 'btc');
  await t.db
    .updateTable('btc_payments')
    .set({ state: 'underpaid', received_sats: received, confirmed_sats: received })
    .where('order_id', '=', order.id)
    .execute();
  return { user, order, product, address };
}

async function changeNotice(user: number): Promise<string> {
  await h.worker.runOnce();
  return h.fake.lastText(user);
}

describe('the customer’s notice of a staff edit to a partly paid Bitcoin order', () => {
  it('gives the new total, what arrived and asks only for the rest', async () => {
    const { user, order, product, address } = await partlyPaidOrder(1, 10_000);
    await shop.services.orders.addItem(order.code, product.id, 1);
    const text = await changeNotice(user);
    expect(text).toContain('New total: <b>$25.00</b>');
    expect(text).toContain(
      'New amount: <code>0.0005</code> BTC. <code>0.0001</code> BTC has arrived; <code>0.0004</code> BTC is still to pay.',
    );
    expect(text).toContain(`Pay <code>0.0004</code> BTC to <code>${address}</code>`);
    expect(text).toContain(`bitcoin:${address}?amount=0.0004`);
  });

  it('asks for nothing when what arrived already covers the new amount', async () => {
    const { user, order, product } = await partlyPaidOrder(2, 30_000);
    await shop.services.orders.removeItem(order.code, product.id, 1);
    const text = await changeNotice(user);
    expect(text).toContain('New total: <b>$12.50</b>');
    expect(text).toContain(
      'New amount: <code>0.00025</code> BTC. <code>0.0003</code> BTC has arrived, which covers it: nothing is left to pay.',
    );
    expect(text).not.toContain('Pay <code>');
  });
});
