import { describe, expect, it } from 'vitest';
import { type TestShop, unique } from '../support/shop.js';
import { type CustomerChat, type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
let chat: CustomerChat;
let category: string;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
  category = unique('Tea');
  await shop.services.catalog.addCategory(category);
  for (let i = 1; i <= 23; i++) {
    await shop.services.catalog.addProduct({
      category,
      name: `Tea ${String(i).padStart(2, '0')}`,
      price: 100 * i,
      stock: 20,
    });
  }
  chat = h.chat(30_001);
  await chat.send('/start');
});

async function openCategory() {
  await chat.send('/menu');
  await chat.press('Shop');
  await chat.press(category);
}

const productButtons = (h: Harness, chatId: number) => {
  const last = [...h.fake.messages.values()].filter((m) => m.chat_id === chatId && !m.deleted).at(-1);
  return (last?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.text)
    .filter((t) => t.startsWith('Tea '));
};

describe('browsing', () => {
  it('lists categories with active products, then products ten a page with Prev/Next', async () => {
    const empty = unique('Empty');
    await shop.services.catalog.addCategory(empty);
    await chat.press('Shop');
    expect(chat.lastText()).toContain('Choose a category');
    expect(() => h.fake.findButton(chat.id, empty)).toThrow();

    await chat.press(category);
    expect(productButtons(h, chat.id)).toHaveLength(10);
    expect(productButtons(h, chat.id)[0]).toContain('Tea 01');
    expect(() => h.fake.findButton(chat.id, 'Prev')).toThrow();

    await chat.press('Next');
    expect(productButtons(h, chat.id)[0]).toContain('Tea 11');
    await chat.press('Next');
    expect(productButtons(h, chat.id)).toHaveLength(3);
    expect(() => h.fake.findButton(chat.id, 'Next')).toThrow();

    await chat.press('Prev');
    expect(productButtons(h, chat.id).map((b) => b.slice(0, 6))).toEqual(
      Array.from({ length: 10 }, (_, i) => `Tea ${i + 11}`),
    );
    await chat.press('Prev');
    expect(productButtons(h, chat.id)[0]).toContain('Tea 01');
    expect(() => h.fake.findButton(chat.id, 'Prev')).toThrow();
    // Every page was an edit of the same message.
    expect(h.fake.callsTo(chat.id, 'editMessageText').length).toBeGreaterThanOrEqual(6);
  });

  it('shows a product card with price, availability and a quantity chooser, and adds to the cart', async () => {
    const product = await shop.services.catalog.addProduct({
      category,
      name: 'Tea <Special> & Co',
      description: 'Smoky <i>lapsang</i>',
      price: 1250,
      stock: 3,
    });
    await openCategory();
    await chat.press('Next');
    await chat.press('Next');
    await chat.press('Tea <Special>');
    let card = chat.lastText();
    expect(card).toContain('<b>Tea &lt;Special&gt; &amp; Co</b>');
    expect(card).toContain('Smoky &lt;i&gt;lapsang&lt;/i&gt;');
    expect(card).toContain('$12.50');
    expect(card).toContain('Only 3 left');

    await chat.press('➕');
    await chat.press('➕');
    expect(chat.lastText()).toContain('Quantity: <b>3</b>');
    await chat.press('➕');
    expect(chat.lastAnswer()).toContain('Only 3 available');
    await chat.press('➖');
    await chat.press('Add 2 to cart');
    expect(chat.lastAnswer()).toContain('Added 2 × Tea <Special> & Co');
    card = chat.lastText();
    expect(card).toContain('In your cart: 2');
    expect((await shop.services.cart.view(chat.id)).lines).toMatchObject([
      { product_id: product.id, quantity: 2 },
    ]);

    await chat.press('Add 1 to cart');
    await chat.press('Add 1 to cart');
    expect(chat.lastAnswer()).toContain('only 3 of Tea <Special> & Co available');
    expect((await shop.services.cart.view(chat.id)).lines[0]?.quantity).toBe(3);

    await chat.press('Back');
    expect(productButtons(h, chat.id)).toContain('Tea <Special> & Co · $12.50');
  });

  it('marks a sold-out product and offers no Add button', async () => {
    await shop.services.catalog.addProduct({ category, name: 'Tea Zero', price: 500, stock: 0 });
    await openCategory();
    await chat.press('Next');
    await chat.press('Next');
    expect(productButtons(h, chat.id)).toContain('Tea Zero · $5.00 · sold out');
    await chat.press('Tea Zero');
    expect(chat.lastText()).toContain('Out of stock');
    expect(() => h.fake.findButton(chat.id, 'Add')).toThrow();
  });

  it('sends a photo card when the product has a photo, and keeps the caption within 1024 characters', async () => {
    const product = await shop.services.catalog.addProduct({
      category,
      name: 'Tea Photo',
      description: 'A & B '.repeat(400),
      price: 900,
      stock: 50,
      photoFileId: 'AgACAgIAAxkBAAIBphoto',
    });
    await chat.pressData(`p:${product.id}:1:a:0`);
    const photo = h.fake.callsTo(chat.id, 'sendPhoto').at(-1);
    expect(photo?.payload.photo).toBe('AgACAgIAAxkBAAIBphoto');
    const caption = String(photo?.payload.caption);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption).toContain('In stock');
    expect(caption).toContain('…');
    await chat.press('➕');
    expect(h.fake.callsTo(chat.id, 'editMessageCaption').at(-1)?.payload.caption).toContain(
      'Quantity: <b>2</b>',
    );
    await chat.press('Back');
    expect(h.fake.callsTo(chat.id, 'deleteMessage').length).toBeGreaterThan(0);
    expect(chat.lastText()).toContain('Choose a product');
  });

  it('answers a button for a product that is no longer sold, politely', async () => {
    const product = await shop.services.catalog.addProduct({
      category,
      name: 'Tea Gone',
      price: 100,
      stock: 5,
    });
    await chat.pressData(`p:${product.id}:1:a:0`);
    await shop.services.catalog.updateProduct(product.id, { active: false });
    await chat.press('Add 1 to cart');
    expect(chat.lastAnswer()).toContain('out of date');
    await chat.press('➕');
    expect(chat.lastAnswer()).toContain('no longer available');
  });
});
