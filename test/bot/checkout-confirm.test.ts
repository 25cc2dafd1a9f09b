import { describe, expect, it } from 'vitest';
import { randomAddresses } from '../support/btc-addresses.js';
import { newProduct, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { callbackUpdate } from '../support/updates.js';
import { type CustomerChat, type Harness, useBotHarness } from './harness.js';

/** Confirm is idempotent: however often and wherever it arrives, one checkout places one order and shows it. */

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ t, shop, h } = created);
});

let nextId = 70_000;
/** A customer at the checkout summary; returns the Confirm button's press as an update builder. */
async function atSummary(payment = 'Cash on delivery') {
  const chat = h.chat(++nextId);
  await chat.send('/start');
  const product = await newProduct(shop, { stock: 5 });
  await shop.services.cart.setQuantity(chat.id, product.id, 2);
  await chat.press('Cart');
  await chat.press('Checkout');
  await chat.send('1 Test Street, Testville');
  await chat.send('+15550100000');
  await chat.press('Skip');
  await chat.press(payment);
  const { message, button } = h.fake.findButton(chat.id, 'Confirm order');
  const confirm = () => callbackUpdate(chat.user, button.callback_data, h.fake.asTelegram(message));
  return { chat, product, confirm };
}

const ordersOf = (chat: CustomerChat) =>
  t.db.selectFrom('orders').select(['code', 'checkout_token']).where('user_id', '=', chat.id).execute();

async function reserved(productId: number): Promise<number> {
  const row = await t.db
    .selectFrom('products')
    .select('reserved_quantity')
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return row.reserved_quantity;
}

/** Every answer to a press of the chat's buttons since `from` (calls index). */
const answersSince = (from: number) =>
  h.fake.calls
    .slice(from)
    .filter((c) => c.method === 'answerCallbackQuery')
    .map((c) => String(c.payload.text));

describe('Confirm, sent more than once', () => {
  it('a double tap places one order and both taps show it', async () => {
    const { chat, product, confirm } = await atSummary();
    const from = h.fake.calls.length;
    await Promise.all([h.handle(confirm()), h.handle(confirm())]);
    const orders = await ordersOf(chat);
    expect(orders).toHaveLength(1);
    const code = orders[0]?.code;
    expect(answersSince(from)).toEqual([`Order ${code} placed!`, `Order ${code} placed!`]);
    expect(chat.lastText()).toContain(`Order ${code} placed`);
    expect(await reserved(product.id)).toBe(2);
  });

  it('the same update handled by two bot processes on one database places one order, shown by both', async () => {
    const { chat, product, confirm } = await atSummary();
    const other = h.restart();
    const update = confirm();
    const from = h.fake.calls.length;
    await Promise.all([h.handle(update), other.handle(structuredClone(update))]);
    const orders = await ordersOf(chat);
    expect(orders).toHaveLength(1);
    const code = orders[0]?.code;
    expect(answersSince(from)).toEqual([`Order ${code} placed!`, `Order ${code} placed!`]);
    expect(await reserved(product.id)).toBe(2);
    // Neither left a half-done form behind.
    const session = await t.db
      .selectFrom('bot_sessions')
      .select('value')
      .where('key', '=', String(chat.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(session.value).checkout).toBeUndefined();
  });

  it('re-delivered after the order committed but before the session was saved: shows the order, not an empty cart', async () => {
    const { chat, confirm } = await atSummary();
    const session = await t.db
      .selectFrom('bot_sessions')
      .select('value')
      .where('key', '=', String(chat.id))
      .executeTakeFirstOrThrow();
    await h.handle(confirm());
    const [order] = await ordersOf(chat);
    // A crash right after COMMIT: the session still holds the form at the summary.
    await t.db
      .updateTable('bot_sessions')
      .set({ value: session.value })
      .where('key', '=', String(chat.id))
      .execute();
    const restarted = h.restart();
    await restarted.handle(confirm());
    expect(await ordersOf(chat)).toHaveLength(1);
    expect(chat.lastText()).toContain(`Order ${order?.code} placed`);
    expect(chat.lastText()).not.toContain('cart is empty');
  });

  it('a Confirm of a finished checkout never places the cart filled since', async () => {
    const { chat, product, confirm } = await atSummary();
    await h.handle(confirm());
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    await h.handle(confirm());
    expect(await ordersOf(chat)).toHaveLength(1);
    expect((await shop.services.cart.view(chat.id)).lines).toHaveLength(1);
  });
});

describe('after the order committed', () => {
  it('a failing staff alert still shows the customer the placed order, never an error', async () => {
    await shop.services.settings.set('low_btc_pool_threshold', '5');
    await shop.services.btc.add(randomAddresses(1));
    const { chat, confirm } = await atSummary('Bitcoin');
    await t.db.schema.alterTable('shop_alerts').renameTo('shop_alerts_away').execute();
    try {
      await h.handle(confirm());
    } finally {
      await t.db.schema.alterTable('shop_alerts_away').renameTo('shop_alerts').execute();
    }
    const [order] = await ordersOf(chat);
    expect(chat.lastAnswer()).toBe(`Order ${order?.code} placed!`);
    expect(chat.texts().some((text) => text.includes(`Order ${order?.code} placed`))).toBe(true);
    expect(chat.texts().join('\n')).not.toContain('went wrong');
  });
});
