import { describe, expect, it } from 'vitest';
import { type TestShop, unique } from '../support/shop.js';
import { type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
});

describe('product search', () => {
  it('finds active products by name and description, ignoring case and accents, ten at a time', async () => {
    const tag = unique('q').replace(/-/g, '');
    const category = unique('category');
    await shop.services.catalog.addCategory(category);
    const add = (name: string, description = '', price = 500) =>
      shop.services.catalog.addProduct({ category, name, description, price, stock: 3 });
    for (let i = 1; i <= 23; i++) await add(`Crème ${tag} ${String(i).padStart(2, '0')}`);
    const tea = await add(`Green tea ${tag}`, `A smooth CAFÉ-style ${tag} blend with 100% leaves`);
    const hidden = await add(`Creme hidden ${tag}`);
    await shop.services.catalog.updateProduct(hidden.id, { active: false });

    const chat = h.chat(72_001);
    await chat.join();
    await chat.press('Search');
    expect(chat.lastText()).toContain('What are you looking for?');
    await chat.send(`CREME ${tag.toUpperCase()}`);
    expect(chat.lastText()).toContain('1–10 of 23');
    expect(chat.buttons()).toContain(`Crème ${tag} 01 · $5.00`);
    expect(chat.buttons().join()).not.toContain('hidden');

    await chat.press('Next');
    await chat.press('Next');
    expect(chat.lastText()).toContain('21–23 of 23');
    expect(chat.buttons()).toContain(`Crème ${tag} 23 · $5.00`);
    expect(chat.buttons().join()).not.toContain('Next');
    await chat.press('Prev');
    expect(chat.lastText()).toContain('11–20 of 23');

    // Words match in any order, across name and description; LIKE's wildcards are taken literally.
    await chat.press('New search');
    await chat.send(`cafe ${tag}`);
    expect(chat.buttons()).toEqual([`Green tea ${tag} · $5.00`, '🔎 New search', '🏠 Main menu']);
    await chat.press('Green tea');
    expect(chat.lastText()).toContain(`Green tea ${tag}`);
    expect(h.fake.findButton(chat.id, 'Add 1')).toBeDefined();

    await chat.press('Main menu');
    await chat.press('Search');
    await chat.send(`${tag} 50%`);
    expect(chat.lastText()).toContain('Nothing matches');
    await chat.send('x');
    expect(chat.lastText()).toContain('at least one word');
    await chat.send('/cancel');
    expect(chat.lastText()).toContain('Main menu');
    await chat.send(`Green ${tag}`);
    expect(chat.lastText()).toContain('did not understand');
    expect(tea.active).toBe(true);
  });

  it('lets /help take the next text after a search that found nothing, and the answer after it joins the thread', async () => {
    const chat = h.chat(72_002);
    await chat.join();
    await chat.press('Search');
    await chat.send(`${unique('nothing')} zzz`);
    expect(chat.lastText()).toContain('Nothing matches');
    await chat.send('/help');
    await chat.send('Where is my parcel?');
    await chat.send('It was due on Monday.');
    const messages = await shop.db
      .selectFrom('support_messages as m')
      .innerJoin('support_threads as t', 't.id', 'm.thread_id')
      .select('m.text')
      .where('t.user_id', '=', chat.id)
      .orderBy('m.id')
      .execute();
    expect(messages.map((m) => m.text)).toEqual(['Where is my parcel?', 'It was due on Monday.']);
  });
});
