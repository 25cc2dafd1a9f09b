import { describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import { grantBonus, newProduct, OWNER_ID, orderOf, type TestShop } from '../support/shop.js';
import { type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
});

let nextId = 56_000;

/** A customer whose bonus covers the whole cart checks out with the given payment button. */
async function placeCoveredOrder(lang: 'en' | 'ru', payButton: string) {
  const chat = h.chat(++nextId, { language_code: lang });
  await chat.send('/start');
  const product = await newProduct(shop, { price: 800 });
  await grantBonus(shop, chat.id, 1000);
  await shop.services.cart.setQuantity(chat.id, product.id, 1);
  await chat.pressData('k:start');
  await chat.send('1 Bonus Boulevard');
  await chat.send('+15550100004');
  await chat.press(lang === 'ru' ? 'Пропустить' : 'Skip');
  await chat.press(lang === 'ru' ? 'Все' : 'Use all');
  await chat.press(payButton);
  await chat.press(lang === 'ru' ? 'Подтвердить' : 'Confirm order');
  return chat;
}

describe('an order the bonus pays in full', () => {
  it('asks for no payment on the placed screen, in the order, or in the staff notice', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    const chat = await placeCoveredOrder('en', 'Bitcoin');
    const placed = chat.lastText();
    expect(placed).toMatch(/Order [A-Z]{6} placed/);
    expect(placed).toContain('Total: <b>$0.00</b>');
    expect(placed).toContain('Your bonus covers the whole order: nothing is left to pay.');
    expect(placed).not.toMatch(/pay before|Pay to/i);
    expect(h.fake.callsTo(chat.id, 'sendPhoto')).toEqual([]);

    await chat.press('My orders');
    const detail = chat.lastText();
    expect(detail).toContain('Payment: covered in full by bonus');
    expect(detail).not.toMatch(/Waiting for your payment|Pay to|Payment: Bitcoin/);
    expect(chat.buttons().some((b) => b.includes('QR'))).toBe(false);

    await h.worker.runOnce();
    expect(h.fake.lastText(OWNER_ID)).toContain('Payment: covered in full by bonus');
    await shop.services.settings.set('btc_rate', 'off');
  });

  it('says so in Russian too, for cash on delivery', async () => {
    const chat = await placeCoveredOrder('ru', 'Наличными');
    expect(chat.lastText()).toContain('Бонусы покрывают весь заказ: платить ничего не нужно.');
    expect(chat.lastText()).not.toContain('оплата наличными курьеру');
  });

  it('asks for nothing more once a staff edit leaves the bonus covering a Bitcoin order', async () => {
    await shop.services.settings.set('btc_rate', '50000');
    await shop.services.btc.add(randomAddresses(1));
    const chat = h.chat(++nextId);
    await chat.send('/start');
    await grantBonus(shop, chat.id, 1000);
    const product = await newProduct(shop, { price: 800 });
    const order = await orderOf(shop, chat.id, product.id, 2, 'btc', 'all');
    expect(order).toMatchObject({ total: 600, btc_address: expect.any(String) });

    await shop.services.orders.removeItem(order.code, product.id, 1);
    await h.worker.runOnce();
    expect(chat.lastText()).toContain('New total: <b>$0.00</b>');
    expect(chat.lastText()).toContain('Nothing is left to pay in Bitcoin.');
    await chat.pressData(`od:show:${order.code}`);
    expect(chat.lastText()).toContain('Payment: covered in full by bonus');
    expect(chat.lastText()).not.toMatch(/Waiting for your payment|Pay to|Payment link/);
    expect(chat.buttons().some((b) => b.includes('QR'))).toBe(false);
    // The QR button still on the screen from before the edit brings up the order, not a code to pay.
    await chat.pressData(`od:qr:${order.code}`);
    expect(h.fake.callsTo(chat.id, 'sendPhoto')).toEqual([]);
    expect(chat.lastText()).toContain('Payment: covered in full by bonus');
    await shop.services.settings.set('btc_rate', 'off');
  });
});
