import { describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import { checkout, newProduct, OWNER_ID, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness({ max_help_messages_per_hour: '2' }, async (created) => {
  ({ t, shop, h } = created);
});

const helpRequests = async () =>
  (await t.db.selectFrom('notification_outbox').select('id').where('kind', '=', 'help_request').execute())
    .length;

describe('limits told in the bot', () => {
  it('refuses a third open order with the limit, keeping the cart', async () => {
    const chat = h.chat(80_001);
    await chat.send('/start');
    const product = await newProduct(shop, { stock: 10 });
    for (let i = 0; i < 2; i++) {
      await shop.services.cart.setQuantity(chat.id, product.id, 1);
      await shop.services.orders.place({ userId: chat.id, paymentMethod: 'cod', ...checkout });
    }
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    await chat.press('Cart');
    await chat.press('Checkout');
    await chat.press('Use saved details');
    await chat.press('Cash on delivery');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('You can have at most 2 open orders at a time.');
    expect(chat.lastText()).toContain('Your cart has been kept');
    expect((await shop.services.cart.view(chat.id)).lines).toHaveLength(1);
  });

  it('offers cash when the Bitcoin addresses of the day are used up, saying when Bitcoin is open again', async () => {
    await shop.services.btc.add(randomAddresses(4));
    await shop.services.settings.set('max_btc_addresses_per_customer_per_day', '1');
    const chat = h.chat(80_002);
    await chat.send('/start');
    const product = await newProduct(shop, { stock: 10 });
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    const first = await shop.services.orders.place({ userId: chat.id, paymentMethod: 'btc', ...checkout });
    await shop.services.orders.cancelByCustomer(chat.id, first.code);
    shop.clock.advanceHours(5);
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    await chat.press('Cart');
    await chat.press('Checkout');
    await chat.press('Use saved details');
    await chat.press('Bitcoin');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain(
      'You can pay by Bitcoin for at most 1 orders a day. Please try again in 19 h, or choose cash on delivery.',
    );
    expect(chat.lastText()).toContain('How would you like to pay?');
    await chat.press('Cash on delivery');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('placed!');
  });

  it('passes at most max_help_messages_per_hour Help messages to the staff, then says when to write again', async () => {
    const chat = h.chat(80_003);
    await chat.send('/start');
    const before = await helpRequests();
    for (const text of ['one', 'two', 'three']) {
      await chat.send('/help');
      await chat.send(text);
    }
    expect(chat.lastText()).toContain(
      'You can send at most 2 Help messages per hour. Please try again in 60 min.',
    );
    expect((await helpRequests()) - before).toBe(2);
    shop.clock.advanceHours(1);
    await chat.send('four');
    expect((await helpRequests()) - before).toBe(3);
  });

  it('refuses to raise a cart line past the quantity cap, in plain words', async () => {
    await shop.services.settings.set('max_quantity_per_product', '2');
    try {
      const chat = h.chat(80_004);
      await chat.send('/start');
      const product = await newProduct(shop, { stock: 10 });
      await shop.services.cart.setQuantity(chat.id, product.id, 2);
      await chat.press('Cart');
      await chat.press('➕');
      expect(chat.lastAnswer()).toBe(
        'You can order at most 2 of one product at a time. Please lower the quantity in your cart.',
      );
      expect((await shop.services.cart.view(chat.id)).lines.map((l) => l.quantity)).toEqual([2]);
    } finally {
      await shop.services.settings.set('max_quantity_per_product', '20');
    }
  });

  it('does not limit the owner', async () => {
    const owner = h.chat(OWNER_ID);
    await owner.send('/start');
    const before = await helpRequests();
    for (const text of ['a', 'b', 'c']) {
      await owner.send('/help');
      await owner.send(text);
    }
    expect((await helpRequests()) - before).toBe(3);
  });
});
