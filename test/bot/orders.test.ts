import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../src/shared/time.js';
import { reportOutputs } from '../support/payments.js';
import { liftOrderLimits, newProduct, orderOf, type TestShop } from '../support/shop.js';
import { type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
});

async function customer(id: number) {
  const chat = h.chat(id);
  await chat.send('/start');
  return chat;
}

const orderButtons = (chatId: number) =>
  (
    [...h.fake.messages.values()].filter((m) => m.chat_id === chatId && !m.deleted).at(-1)?.reply_markup
      ?.inline_keyboard ?? []
  )
    .flat()
    .map((b) => b.text)
    .filter((text) => /^[A-Z]{6} · /.test(text));

describe('my orders', () => {
  it('lists orders newest first, five a page, with Older and Newest', async () => {
    await liftOrderLimits(shop);
    const chat = await customer(60_001);
    const product = await newProduct(shop, { stock: 100, price: 100 });
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) codes.push((await orderOf(shop, chat.id, product.id, 1)).code);
    await chat.press('My orders');
    expect(orderButtons(chat.id).map((b) => b.slice(0, 6))).toEqual(codes.slice(2).reverse());
    expect(orderButtons(chat.id)[0]).toContain('awaiting confirmation · $1.00');
    await chat.press('Older');
    expect(orderButtons(chat.id).map((b) => b.slice(0, 6))).toEqual(codes.slice(0, 2).reverse());
    expect(() => h.fake.findButton(chat.id, 'Older')).toThrow();
    await chat.press('Newest');
    expect(orderButtons(chat.id)).toHaveLength(5);
  });

  it('shows the detail: status, items, totals, delivery time, and the BTC address while unpaid', async () => {
    const chat = await customer(60_002);
    await shop.services.btc.add(['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2']);
    const product = await newProduct(shop, { price: 1999 });
    const btc = await orderOf(shop, chat.id, product.id, 2, 'btc');
    await chat.pressData(`od:show:${btc.code}`);
    let text = chat.lastText();
    expect(text).toContain(`Order ${btc.code}`);
    expect(text).toContain('Status: <b>awaiting confirmation</b>');
    expect(text).toContain(`• ${product.name} × 2 = $39.98`);
    expect(text).toContain(`Reserved until: ${formatLocalDateTime(shop.clock.inHours(24), 'UTC')} (UTC)`);
    expect(text).toContain('<code>1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2</code>');
    await chat.press('QR code');
    expect(h.fake.callsTo(chat.id, 'sendPhoto').at(-1)?.payload.caption).toContain(btc.code);

    await shop.services.settings.set('timezone', 'Europe/Berlin');
    const delivery = shop.clock.inHours(51);
    await shop.services.orders.confirm(btc.code, { deliveryTime: delivery });
    await chat.pressData(`od:show:${btc.code}`);
    text = chat.lastText();
    expect(text).toContain('Status: <b>confirmed</b>');
    expect(text).toContain(`Delivery: ${formatLocalDateTime(delivery, 'Europe/Berlin')} (Europe/Berlin)`);
    expect(text).not.toContain('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2');
    expect(chat.buttons().join()).not.toContain('Cancel order');
    await shop.services.settings.set('timezone', 'UTC');
  });

  it('shows where the payment stands, and asks an underpaid customer only for what is missing', async () => {
    const chat = await customer(60_004);
    await shop.services.settings.set('btc_rate', '50000');
    await shop.services.btc.add(['1BoatSLRHtKNngkdXEeobR76b53LETtpyT']);
    const product = await newProduct(shop, { price: 1250 });
    const order = await orderOf(shop, chat.id, product.id, 1, 'btc');
    await chat.pressData(`od:show:${order.code}`);
    expect(chat.lastText()).toContain('Waiting for your payment');
    expect(chat.lastText()).toContain('bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=0.00025');
    await reportOutputs(
      shop.services,
      order.id,
      [{ txid: 'ab'.repeat(32), vout: 0, value: 10_000, height: 100 }],
      100,
    );
    await chat.pressData(`od:show:${order.code}`);
    expect(chat.lastText()).toContain(
      'Received <code>0.0001</code> BTC; <code>0.00015</code> BTC is still missing',
    );
    expect(chat.lastText()).toContain('bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=0.00015');
    await shop.services.settings.set('btc_rate', 'off');
  });

  it('lets a customer cancel their own reserved order, and refuses once it is confirmed', async () => {
    const chat = await customer(60_003);
    const product = await newProduct(shop, { stock: 5 });
    const order = await orderOf(shop, chat.id, product.id, 2);
    await chat.pressData(`od:show:${order.code}`);
    await chat.press('Cancel order');
    expect(chat.lastText()).toContain(`Cancel order <b>${order.code}</b>?`);
    await chat.press('Yes, cancel');
    expect(chat.lastAnswer()).toContain(`Order ${order.code} cancelled`);
    expect(chat.lastText()).toContain('Status: <b>cancelled</b>');
    expect((await shop.services.orders.get(order.code)).status).toBe('cancelled');

    const confirmed = await orderOf(shop, chat.id, product.id, 1);
    await chat.pressData(`od:show:${confirmed.code}`);
    await chat.press('Cancel order');
    await shop.services.orders.confirm(confirmed.code);
    await chat.press('Yes, cancel');
    expect(chat.lastAnswer()).toContain('can no longer be cancelled');
    expect((await shop.services.orders.get(confirmed.code)).status).toBe('confirmed');
  });

  it('treats another customer’s order code in callback data as not found, and changes nothing', async () => {
    const victim = await customer(60_010);
    const thief = await customer(60_011);
    const product = await newProduct(shop);
    const order = await orderOf(shop, victim.id, product.id, 1);
    for (const op of ['show', 'cancel', 'yes', 'qr']) {
      h.fake.reset();
      await thief.pressData(`od:${op}:${order.code}`);
      expect(thief.lastAnswer()).toBe('Order not found.');
      expect(h.fake.calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    }
    expect((await shop.services.orders.get(order.code)).status).toBe('reserved');
    await thief.pressData('od:show:abc');
    expect(thief.lastAnswer()).toContain('out of date');
  });
});
