import { describe, expect, it } from 'vitest';
import { newProduct, type TestShop } from '../support/shop.js';
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

describe('the cart', () => {
  it('shows lines and the total; +/-, remove and clear change it', async () => {
    const chat = await customer(40_001);
    const tea = await newProduct(shop, { price: 250, stock: 10 });
    const mug = await newProduct(shop, { price: 1000, stock: 5 });
    await shop.services.cart.setQuantity(chat.id, tea.id, 2);
    await shop.services.cart.setQuantity(chat.id, mug.id, 1);
    await chat.press('Cart');
    expect(chat.lastText()).toContain(`• ${tea.name} × 2 ($2.50 each) = <b>$5.00</b>`);
    expect(chat.lastText()).toContain('Total: <b>$15.00</b>');

    await chat.press('➕');
    expect(chat.lastText()).toContain('Total: <b>$17.50</b>');
    await chat.press('➖');
    await chat.press('➖');
    expect((await shop.services.cart.view(chat.id)).lines.map((l) => [l.product_id, l.quantity])).toEqual([
      [tea.id, 1],
      [mug.id, 1],
    ]);
    await chat.press('➖');
    expect(chat.lastText()).not.toContain(tea.name);
    await chat.press('➕');
    expect(chat.lastText()).toContain(`${mug.name} × 2`);
    await chat.press('🗑');
    expect(chat.lastText()).toContain('Your cart is empty');

    await shop.services.cart.setQuantity(chat.id, tea.id, 1);
    await chat.send('/menu');
    await chat.press('Cart');
    await chat.press('Clear');
    expect(chat.lastText()).toContain('Your cart is empty');
    expect((await shop.services.cart.view(chat.id)).lines).toEqual([]);
  });

  it('re-checks availability: a short line is flagged and checkout waits until it is fixed', async () => {
    const chat = await customer(40_002);
    const rival = await customer(40_003);
    const rare = await newProduct(shop, { price: 500, stock: 3 });
    await shop.services.cart.setQuantity(chat.id, rare.id, 3);
    await shop.services.cart.setQuantity(rival.id, rare.id, 2);
    await shop.services.orders.place({
      userId: rival.id,
      paymentMethod: 'cod',
      address: '1 Long Road',
      phone: '+15550100001',
    });

    await chat.press('Cart');
    expect(chat.lastText()).toContain('only 1 available now');
    await chat.press('Checkout');
    expect(chat.lastAnswer()).toContain('adjust your cart');
    expect(chat.lastText()).toContain('only 1 available now');
    await chat.press('➕');
    expect(chat.lastAnswer()).toContain('only 1 of');
    await chat.press('➖');
    expect(chat.lastText()).not.toContain('available now');
    expect((await shop.services.cart.view(chat.id)).lines[0]?.quantity).toBe(1);
    await chat.press('Checkout');
    expect(chat.lastText()).toContain('delivery address');
  });

  it('only ever touches the caller’s own cart; a line that is gone is answered politely', async () => {
    const owner = await customer(40_010);
    const other = await customer(40_011);
    const product = await newProduct(shop, { stock: 10 });
    await shop.services.cart.setQuantity(owner.id, product.id, 4);
    await other.pressData(`ct:inc:${product.id}`);
    await other.pressData(`ct:rm:${product.id}`);
    expect(other.lastAnswer()).toContain('out of date');
    expect((await shop.services.cart.view(owner.id)).lines[0]?.quantity).toBe(4);
    expect((await shop.services.cart.view(other.id)).lines).toEqual([]);

    await other.pressData('ct:inc:not-a-number');
    expect(other.lastAnswer()).toContain('out of date');
    await other.press('Checkout').catch(() => undefined);
    await other.pressData('k:start');
    expect(other.lastAnswer()).toContain('cart is empty');
  });
});
