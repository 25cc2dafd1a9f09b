import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { confirmData } from '../../src/bot/callback-data/index.js';
import { cartSignature } from '../../src/bot/views/checkout.js';
import { exitOf, until, useBotProcesses } from '../support/bot-process.js';
import { checkout, newCustomer, newProduct } from '../support/shop.js';
import { callbackUpdate, tgUser } from '../support/updates.js';

/** The bot process killed (SIGKILL) after the order committed and before Telegram heard back. */

const bots = useBotProcesses();

/** A customer whose checkout form stands at the summary, as the bot saves it, and the summary message. */
async function customerAtSummary() {
  const userId = await newCustomer(bots.shop);
  const product = await newProduct(bots.shop, { stock: 3 });
  await bots.shop.services.cart.setQuantity(userId, product.id, 2);
  const token = 'CrashTestToken01';
  const form = {
    step: 'confirm',
    ...checkout,
    note: null,
    bonus: 'none',
    payment: 'cod',
    cartSignature: cartSignature(await bots.shop.services.cart.view(userId)),
    token,
  };
  await bots.t.db
    .insertInto('bot_sessions')
    .values({ key: String(userId), value: JSON.stringify({ checkout: form }), updated_at: new Date() })
    .execute();
  const keyboard = {
    inline_keyboard: [[{ text: 'Confirm order', callback_data: confirmData.pack({ token }) }]],
  };
  bots.api.fake.handle('sendMessage', {
    chat_id: userId,
    text: 'Please check your order',
    reply_markup: keyboard,
  });
  const summary = [...bots.api.fake.messages.values()].at(-1);
  return { userId, product, token, summary: bots.api.fake.asTelegram(summary as never) as Message };
}

describe('a bot killed mid-checkout', () => {
  it('after the order committed: the re-delivered Confirm shows that order, and there is exactly one', async () => {
    const { userId, product, token, summary } = await customerAtSummary();
    const first = await bots.start();
    // The placed order's answer is the first call after the commit: the process dies there.
    const held = bots.api.hold((call) => call.method === 'answerCallbackQuery');
    const update = callbackUpdate(tgUser(userId), confirmData.pack({ token }), summary);
    bots.api.push(update);
    await held.reached;
    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    held.release();
    const orders = () => bots.shop.services.orders.list({ userId });
    expect(await orders()).toHaveLength(1);
    expect(bots.api.confirmedOffset()).toBeLessThanOrEqual(update.update_id);

    const second = await bots.start();
    await until(() => bots.api.confirmedOffset() > update.update_id, 'the update to be handled again');
    const placed = await orders();
    expect(placed).toHaveLength(1);
    const code = placed[0]?.code;
    const answers = bots.api.fake.callsTo(undefined, 'answerCallbackQuery').map((c) => c.payload.text);
    expect(answers).toEqual([`Order ${code} placed!`, `Order ${code} placed!`]);
    expect(bots.api.fake.messages.get(summary.message_id)?.text).toContain(`Order ${code} placed`);
    expect((await bots.shop.services.catalog.getProduct(product.id)).reserved_quantity).toBe(2);
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, 15_000)).toBe(0);
    expect(second.stderr()).not.toMatch(/error/i);
  }, 180_000);
});
