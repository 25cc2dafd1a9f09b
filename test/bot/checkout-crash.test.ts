import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmData } from '../../src/bot/callback-data/index.js';
import { cartSignature } from '../../src/bot/views/checkout.js';
import { type BotProcess, exitOf, startBot, until } from '../support/bot-process.js';
import { ensureBuilt } from '../support/build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { checkout, createTestShop, newCustomer, newProduct, type TestShop } from '../support/shop.js';
import { scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { callbackUpdate, tgUser } from '../support/updates.js';

/** The bot process killed (SIGKILL) after the order committed and before Telegram heard back. */

let t: TestDatabase;
let shop: TestShop;
let api: FakeBotApiServer;
const bots: BotProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 4 });
  shop = createTestShop(t.db);
  api = await startFakeBotApi();
}, 180_000);
afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await api?.close();
  await t?.drop();
});

async function startShopBot(): Promise<BotProcess> {
  const env = { DATABASE_URL: t.url, BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url, LOG_LEVEL: 'info' };
  const bot = startBot(env, await scratchDir());
  bots.push(bot);
  await until(() => bot.output().includes('bot is taking updates'), 'the bot to start', 60_000);
  return bot;
}

/** A customer whose checkout form stands at the summary, as the bot saves it, and the summary message. */
async function customerAtSummary() {
  const userId = await newCustomer(shop);
  const product = await newProduct(shop, { stock: 3 });
  await shop.services.cart.setQuantity(userId, product.id, 2);
  const token = 'CrashTestToken01';
  const form = {
    step: 'confirm',
    ...checkout,
    note: null,
    bonus: 'none',
    payment: 'cod',
    cartSignature: cartSignature(await shop.services.cart.view(userId)),
    token,
  };
  await t.db
    .insertInto('bot_sessions')
    .values({ key: String(userId), value: JSON.stringify({ checkout: form }), updated_at: new Date() })
    .execute();
  const keyboard = {
    inline_keyboard: [[{ text: 'Confirm order', callback_data: confirmData.pack({ token }) }]],
  };
  api.fake.handle('sendMessage', {
    chat_id: userId,
    text: 'Please check your order',
    reply_markup: keyboard,
  });
  const summary = [...api.fake.messages.values()].at(-1);
  return { userId, product, token, summary: api.fake.asTelegram(summary as never) as Message };
}

describe('a bot killed mid-checkout', () => {
  it('after the order committed: the re-delivered Confirm shows that order, and there is exactly one', async () => {
    const { userId, product, token, summary } = await customerAtSummary();
    const first = await startShopBot();
    // The placed order's answer is the first call after the commit: the process dies there.
    const held = api.hold((call) => call.method === 'answerCallbackQuery');
    const update = callbackUpdate(tgUser(userId), confirmData.pack({ token }), summary);
    api.push(update);
    await held.reached;
    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    held.release();
    const orders = () => shop.services.orders.list({ userId });
    expect(await orders()).toHaveLength(1);
    expect(api.confirmedOffset()).toBeLessThanOrEqual(update.update_id);

    const second = await startShopBot();
    await until(() => api.confirmedOffset() > update.update_id, 'the update to be handled again');
    const placed = await orders();
    expect(placed).toHaveLength(1);
    const code = placed[0]?.code;
    const answers = api.fake.callsTo(undefined, 'answerCallbackQuery').map((c) => c.payload.text);
    expect(answers).toEqual([`Order ${code} placed!`, `Order ${code} placed!`]);
    expect(api.fake.messages.get(summary.message_id)?.text).toContain(`Order ${code} placed`);
    expect((await shop.services.catalog.getProduct(product.id)).reserved_quantity).toBe(2);
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, 15_000)).toBe(0);
    expect(second.stderr()).not.toMatch(/error/i);
  }, 180_000);
});
