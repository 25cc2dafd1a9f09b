import { describe, expect, it } from 'vitest';
import { BtcPoolEmptyError } from '../../src/shared/errors.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { newCustomer, newProduct, OWNER_ID, orderOf, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

const alerts = () =>
  t.db
    .selectFrom('notification_outbox')
    .select('payload')
    .where('kind', '=', 'btc_pool_low')
    .where('chat_id', '=', OWNER_ID)
    .execute();

describe('low BTC pool alert', () => {
  it('alerts the staff once when the pool falls to the threshold, and again only after a refill', async () => {
    await shop.services.settings.set('low_btc_pool_threshold', '2');
    await shop.services.btc.add(randomAddresses(5));
    const product = await newProduct(shop, { stock: 100 });
    const buyers = await Promise.all(Array.from({ length: 5 }, () => newCustomer(shop)));
    for (const buyer of buyers) await shop.services.cart.setQuantity(buyer, product.id, 1);
    await Promise.all(
      buyers.map((userId) =>
        shop.services.orders.place({
          userId,
          paymentMethod: 'btc',
          address: '1 Main Street',
          phone: '+15550100000',
        }),
      ),
    );
    expect(await alerts()).toHaveLength(1);
    await expect(orderOf(shop, buyers[0] as number, product.id, 1, 'btc')).rejects.toThrow(BtcPoolEmptyError);

    await shop.services.btc.add(randomAddresses(4));
    for (let i = 0; i < 4; i++) await orderOf(shop, buyers[i] as number, product.id, 1, 'btc');
    const raised = await alerts();
    expect(raised).toHaveLength(2);
    expect(JSON.parse(raised[1]?.payload ?? '{}')).toEqual({ available: 2, threshold: 2 });
  });
});
