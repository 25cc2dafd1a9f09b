import { describe, expect, it } from 'vitest';
import { type TestShop, unique } from '../support/shop.js';
import { type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
});

/** A product whose name is as long as the catalog allows (200 characters). */
async function longNamed(stock = 50) {
  const category = unique('long');
  await shop.services.catalog.addCategory(category);
  const name = `${unique('p')} ${'Very long name '.repeat(20)}`.slice(0, 200);
  return { ...(await shop.services.catalog.addProduct({ category, name, price: 100, stock })), category };
}

const refused = () =>
  h.fake.calls
    .filter((c) => c.failed === 400)
    .map((c) => `${c.method} ${String(c.payload.text).slice(0, 60)}`);

describe('Telegram limits, enforced by the fake Bot API', () => {
  it('answers "Add to cart" for a 200-character product name within the 200-character limit', async () => {
    const product = await longNamed();
    const chat = h.chat(70_001);
    await chat.send('/start');
    await chat.send('/menu');
    await chat.press('Shop');
    await chat.press(product.category);
    await chat.press(product.name.slice(0, 20));
    h.fake.reset();
    await chat.press('Add 1 to cart');
    expect(refused()).toEqual([]);
    expect([...chat.lastAnswer()].length).toBeLessThanOrEqual(200);
    expect(chat.lastAnswer()).toMatch(/^Added 1 × .+…$/);
    expect((await shop.services.cart.view(chat.id)).lines.map((l) => l.product_id)).toEqual([product.id]);
    for (const label of chat.buttons()) expect([...label].length).toBeLessThanOrEqual(40);
  });

  it('cuts a cart and a checkout summary over 4,096 characters with "… and N more items"', async () => {
    const chat = h.chat(70_002);
    await chat.send('/start');
    for (let i = 0; i < 30; i++) await shop.services.cart.setQuantity(chat.id, (await longNamed()).id, 1);
    h.fake.reset();
    await chat.send('/menu');
    await chat.press('Cart');
    expect(refused()).toEqual([]);
    const cart = chat.lastText();
    expect(cart.length).toBeLessThanOrEqual(4096);
    const shown = (cart.match(/^• /gm) ?? []).length;
    expect(shown).toBeGreaterThan(5);
    expect(cart).toContain(`… and ${30 - shown} more items`);
    expect(cart).toContain('Total: <b>$30.00</b>');

    await chat.press('Checkout');
    await chat.send('1 Test Street, Testville');
    await chat.send('+15550100000');
    await chat.press('Skip');
    await chat.press('Cash on delivery');
    expect(refused()).toEqual([]);
    const summary = chat.lastText();
    expect(summary).toContain('Please check your order');
    expect(summary).toMatch(/… and \d+ more items/);
    expect(summary).toContain('Total: <b>$30.00</b>');
    await chat.press('Confirm order');
    expect(refused()).toEqual([]);
  });
});
