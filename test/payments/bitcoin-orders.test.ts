import { describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import {
  createTestShop,
  grantBonus,
  newCustomer,
  newProduct,
  orderOf,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

const ZPUB =
  'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';
const FIRST = 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu';
const SECOND = 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g';

let t: TestDatabase;
let shop: TestShop;
useTestShop(
  (created) => {
    ({ t, shop } = created);
  },
  (db) => createTestShop(db, { BTC_XPUB: ZPUB }),
);

const outbox = async (chatId: number, kind: string) =>
  (
    await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', chatId)
      .where('kind', '=', kind)
      .orderBy('id')
      .execute()
  ).map((r) => JSON.parse(r.payload));

describe('Bitcoin orders with BTC_XPUB', () => {
  it('gives each order the next derived address, keeps the index in the database and skips an address already known', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { stock: 50 });
    const first = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    expect(first.btc_address).toBe(FIRST);
    // The owner also put the second address in the pool by hand: it is never given twice.
    await shop.services.btc.add([SECOND]);
    const third = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    expect(third.btc_address).not.toBe(SECOND);
    const cursor = await t.db.selectFrom('btc_derivation').selectAll().executeTakeFirstOrThrow();
    expect(cursor).toEqual({ xpub: ZPUB, next_index: 3 });
    const derived = await t.db
      .selectFrom('btc_addresses')
      .select(['address', 'derivation_index', 'status'])
      .where('derivation_index', 'is not', null)
      .orderBy('derivation_index')
      .execute();
    expect(derived.map((d) => [d.derivation_index, d.status])).toEqual([
      [0, 'assigned'],
      [2, 'assigned'],
    ]);
  });

  it('never derives one address twice for concurrent checkouts', async () => {
    const product = await newProduct(shop, { stock: 50 });
    const users = await Promise.all(Array.from({ length: 6 }, () => newCustomer(shop)));
    for (const user of users) await shop.services.cart.setQuantity(user, product.id, 1);
    const placed = await Promise.all(
      users.map((userId) =>
        shop.services.orders.place({
          userId,
          paymentMethod: 'btc',
          address: '1 Test Street, Testville',
          phone: '+15550100000',
        }),
      ),
    );
    expect(new Set(placed.map((o) => o.btc_address)).size).toBe(6);
  });
});

describe('the BTC amount is locked at placement', () => {
  it('reprices item edits at the order’s rate, not today’s, and tells the customer the new amount', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    const product = await newProduct(shop, { stock: 10, price: 1250 });
    const user = await newCustomer(shop);
    const order = await orderOf(shop, user, product.id, 1, 'btc');
    expect(order).toMatchObject({ btc_amount_sats: 25_000, btc_rate: 5_000_000 });
    await shop.services.settings.set('btc_rate', '100000');
    const changed = await shop.services.orders.addItem(order.code, product.id, 1);
    expect(changed.btc_amount_sats).toBe(50_000);
    const [message] = await outbox(user, 'order_items_changed');
    expect(message).toMatchObject({ total: 2500, btc: { address: order.btc_address, amount_sats: 50_000 } });
  });

  it('gives no address to an order the bonus pays in full, and one when an edit leaves something to pay', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    const user = await newCustomer(shop);
    await grantBonus(shop, user, 1250);
    const product = await newProduct(shop, { stock: 10, price: 1250 });
    const order = await orderOf(shop, user, product.id, 1, 'btc', 'all');
    expect(order).toMatchObject({ total: 0, btc_address: null, btc_amount_sats: null });
    expect(await shop.services.payments.view(order.id)).toBeNull();
    const changed = await shop.services.orders.addItem(order.code, product.id, 1);
    expect(changed.btc_address).toMatch(/^bc1q/);
    expect(changed.btc_amount_sats).toBe(25_000);
    expect((await shop.services.payments.view(order.id))?.state).toBe('waiting');
  });

  it('takes a paid order back to underpaid when an added item asks for more than arrived', async () => {
    await shop.services.btc.add(randomAddresses(1));
    const product = await newProduct(shop, { stock: 10, price: 1250 });
    const order = await orderOf(shop, await newCustomer(shop), product.id, 1, 'btc');
    await t.db
      .updateTable('btc_payments')
      .set({ state: 'paid', received_sats: 25_000, confirmed_sats: 25_000, paid_at: shop.clock.now() })
      .where('order_id', '=', order.id)
      .execute();
    await shop.services.orders.addItem(order.code, product.id, 1);
    expect((await shop.services.payments.view(order.id))?.state).toBe('underpaid');
  });
});
