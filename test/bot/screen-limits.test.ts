import { Composer } from 'grammy';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/index.js';
import { show } from '../../src/bot/views/show.js';
import { createConfig } from '../../src/config.js';
import { visibleLength } from '../../src/messages/limits.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { newProduct, type TestShop } from '../support/shop.js';
import { textUpdate, tgUser } from '../support/updates.js';
import { type Harness, useBotHarness } from './harness.js';

/** No screen can pass Telegram's limits: the last guard in show(), and a large cart's paged buttons. */

let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ shop, h } = created);
});

const refused = (fake: FakeTelegram) => fake.calls.filter((c) => c.failed === 400).map((c) => c.method);

describe('the last length guard', () => {
  it('sends a text or caption that no builder fitted, cut at a line and within the limit', async () => {
    const fake = new FakeTelegram();
    const long = Array.from({ length: 300 }, (_, i) => `<b>Line ${i}</b> ${'text '.repeat(6)}`).join('\n');
    const screens = new Composer<BotContext>();
    screens.command('text', (ctx) => show(ctx, { text: long }));
    screens.command('photo', (ctx) => show(ctx, { text: long, photo: 'photo-file-id' }));
    const config = createConfig({ BOT_TOKEN: FAKE_TOKEN });
    const bot = createBot(
      config,
      { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) },
      { botInfo: BOT_INFO, rateLimit: false, features: [screens] },
    );
    bot.api.config.use(recordingTransformer(fake));
    await shop.services.users.join({ telegramId: 81_001, username: 'guarded', firstName: 'Guard' });
    await bot.handleUpdate(textUpdate(tgUser(81_001), '/text'));
    await bot.handleUpdate(textUpdate(tgUser(81_001), '/photo'));
    expect(refused(fake)).toEqual([]);
    const [text, caption] = fake.texts(81_001);
    expect(text?.startsWith('<b>Line 0</b>')).toBe(true);
    expect(text?.endsWith('\n…')).toBe(true);
    expect(visibleLength(text ?? '')).toBeGreaterThan(4000);
    expect(visibleLength(caption ?? '')).toBeLessThanOrEqual(1024);
    expect(caption?.endsWith('\n…')).toBe(true);
  });
});

describe('a large cart', () => {
  it('pages its line buttons within 100 buttons, and a change keeps the page of its line', async () => {
    const chat = h.chat(81_002);
    await chat.send('/start');
    const products: { id: number }[] = [];
    for (let i = 0; i < 45; i++) {
      const product = await newProduct(shop, { stock: 5 });
      products.push(product);
      await shop.services.cart.setQuantity(chat.id, product.id, 1);
    }
    h.fake.reset();
    await chat.send('/menu');
    await chat.press('Cart');
    expect(refused(h.fake)).toEqual([]);
    expect(chat.buttons()).toContain('1/3');
    expect(chat.buttons().filter((b) => b === '➕')).toHaveLength(20);
    await chat.press('▶');
    await chat.press('▶');
    expect(chat.buttons()).toContain('3/3');
    expect(chat.buttons().filter((b) => b === '➕')).toHaveLength(5);
    await chat.press('➕'); // the first line of the third page
    expect(chat.buttons()).toContain('3/3');
    const line = (await shop.services.cart.view(chat.id)).lines.find(
      (l) => l.product_id === products[40]?.id,
    );
    expect(line?.quantity).toBe(2);
    await chat.press('◀');
    expect(chat.buttons()).toContain('2/3');
    expect(chat.buttons()).toContain('✅ Checkout');
    expect(refused(h.fake)).toEqual([]);
  });
});
