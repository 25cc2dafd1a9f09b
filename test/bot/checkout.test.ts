import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../src/shared/time.js';
import { grantBonus, newProduct, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { contactContent, photoContent, stickerContent } from '../support/updates.js';
import { type CustomerChat, type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ t, shop, h } = created);
});

let nextId = 50_000;
async function customerWithCart(
  quantity = 1,
  options: { price?: number; stock?: number; lang?: string } = {},
) {
  const chat = h.chat(++nextId, { language_code: options.lang ?? 'en' });
  await chat.send('/start');
  const product = await newProduct(shop, { price: options.price ?? 1250, stock: options.stock ?? 10 });
  await shop.services.cart.setQuantity(chat.id, product.id, quantity);
  await chat.press(options.lang === 'ru' ? 'Корзина' : 'Cart');
  return { chat, product };
}

async function fillDetails(chat: CustomerChat) {
  await chat.press('Checkout');
  await chat.send('1 Test Street, Testville');
  await chat.send('+15550100000');
  await chat.press('Skip');
}

const orderCode = (text: string) => /Order ([A-Z]{6}) placed/.exec(text)?.[1] ?? '';

describe('checkout, cash on delivery', () => {
  it('walks address, phone and note with a polite re-prompt after every bad answer, then places the order', async () => {
    const { chat, product } = await customerWithCart(2);
    await chat.press('Checkout');
    expect(chat.lastText()).toContain('delivery address');

    await chat.sendContent(stickerContent());
    expect(chat.texts().at(-2)).toContain('Please answer with a text message');
    expect(chat.lastText()).toContain('delivery address');
    await chat.send('abc');
    expect(chat.texts().at(-2)).toContain('between 5 and 300 characters');
    await chat.send('x'.repeat(301));
    expect(chat.texts().at(-2)).toContain('between 5 and 300 characters');
    await chat.send('<script>12 Main St & Co</script>');
    expect(chat.lastText()).toContain('phone number');

    await chat.sendContent(photoContent());
    expect(chat.texts().at(-2)).toContain('text message');
    await chat.send('12345');
    expect(chat.texts().at(-2)).toContain('does not look like a phone number');
    await chat.send('+1 (555) 010-9999');
    expect(chat.lastText()).toContain('note');

    await chat.send('n'.repeat(301));
    expect(chat.texts().at(-2)).toContain('at most 300 characters');
    await chat.send('Ring twice <b>loudly</b>');
    expect(chat.lastText()).toContain('How would you like to pay?');

    await chat.send('cash please');
    expect(chat.texts().at(-2)).toContain('Please use the buttons');
    await chat.press('Cash on delivery');
    const summary = chat.lastText();
    expect(summary).toContain(`• ${product.name} × 2 = $25.00`);
    expect(summary).toContain('Total: <b>$25.00</b>');
    expect(summary).toContain('Address: &lt;script&gt;12 Main St &amp; Co&lt;/script&gt;');
    expect(summary).toContain('Phone: +15550109999');
    expect(summary).toContain('Note: Ring twice &lt;b&gt;loudly&lt;/b&gt;');
    expect(summary).toContain('Payment: cash on delivery');
    expect(summary).toContain('reserved for 24 hours');

    const confirm = await chat.press('Confirm order');
    const placed = chat.lastText();
    const code = orderCode(placed);
    expect(code).toMatch(/^[A-Z]{6}$/);
    expect(placed).toContain(`• ${product.name} × 2 = $25.00`);
    expect(placed).toContain(
      `reserved until <b>${formatLocalDateTime(shop.clock.inHours(24), 'UTC')} (UTC)</b>`,
    );
    expect(placed).toContain('pay the courier in cash');

    const order = await shop.services.orders.getForCustomer(chat.id, code);
    expect(order).toMatchObject({
      status: 'reserved',
      payment_method: 'cod',
      total: 2500,
      delivery_address: '<script>12 Main St & Co</script>',
      delivery_phone: '+15550109999',
      delivery_note: 'Ring twice <b>loudly</b>',
    });
    expect((await shop.services.cart.view(chat.id)).lines).toEqual([]);
    const staff = await t.db
      .selectFrom('notification_outbox')
      .select('chat_id')
      .where('kind', '=', 'order_placed')
      .execute();
    expect(staff.map((r) => r.chat_id).sort()).toEqual([1000, 1001]);

    await chat.pressData(confirm); // a second tap on the same Confirm shows the order it placed
    expect(chat.lastAnswer()).toBe(`Order ${code} placed!`);
    await chat.pressData('k:ok'); // a Confirm from before buttons carried their checkout
    expect(chat.lastAnswer()).toContain('out of date');
    await chat.press('Skip'); // an old prompt's button
    expect(chat.lastAnswer()).toContain('out of date');
    expect((await shop.services.orders.list({ userId: chat.id })).length).toBe(1);
  });

  it('offers the saved details next time, takes a shared contact as the phone, and can be cancelled', async () => {
    const { chat } = await customerWithCart();
    await fillDetails(chat);
    await chat.press('Cash on delivery');
    await chat.press('Confirm order');

    const product = await newProduct(shop, { price: 300 });
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    await chat.send('/menu');
    await chat.press('Cart');
    await chat.press('Checkout');
    expect(chat.lastText()).toContain('Address: 1 Test Street, Testville');
    await chat.press('Use saved details');
    expect(chat.lastText()).toContain('How would you like to pay?');
    await chat.press('Cancel checkout');
    expect(chat.lastAnswer()).toContain('Checkout cancelled');
    await chat.send('2 Other Street');
    expect(chat.lastText()).toContain('did not understand');

    await chat.press('Checkout');
    await chat.press('Enter new details');
    await chat.send('2 Other Street, Elsewhere');
    await chat.sendContent(contactContent('447700900123', chat.id));
    expect(chat.lastText()).toContain('note');
    await chat.press('Skip');
    await chat.press('Cash on delivery');
    expect(chat.lastText()).toContain('Phone: +447700900123');
  });

  it('survives a restart in the middle of the form: the state is in MariaDB', async () => {
    const { chat } = await customerWithCart();
    await chat.press('Checkout');
    await chat.send('9 Restart Road, Reboot City');
    const row = await t.db
      .selectFrom('bot_sessions')
      .select('value')
      .where('key', '=', String(chat.id))
      .executeTakeFirst();
    expect(JSON.parse(row?.value ?? '{}')).toMatchObject({
      checkout: { step: 'phone', address: '9 Restart Road, Reboot City' },
    });

    const restarted = h.restart();
    const same = restarted.chat(chat.id);
    await same.send('+15550100000');
    await same.press('Skip');
    await same.press('Cash on delivery');
    await same.press('Confirm order');
    const order = await shop.services.orders.getForCustomer(chat.id, orderCode(same.lastText()));
    expect(order.delivery_address).toBe('9 Restart Road, Reboot City');
  });
});

describe('checkout, Bitcoin', () => {
  it('gives the one-time address, the locked BTC amount, a BIP21 link and a QR code', async () => {
    await shop.services.btc.add(['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']);
    await shop.services.settings.set('btc_rate', '50000');
    const { chat } = await customerWithCart(1, { price: 1250 });
    await fillDetails(chat);
    await chat.press('Bitcoin');
    expect(chat.lastText()).toContain('Payment: Bitcoin');
    await chat.press('Confirm order');
    const placed = h.fake.callsTo(chat.id, 'editMessageText').at(-1)?.payload.text as string;
    expect(placed).toContain('Pay to: <code>bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq</code>');
    expect(placed).toContain('Amount: <code>0.00025</code> BTC');
    expect(placed).toContain(
      '<code>bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00025</code>',
    );
    expect(placed).toContain(
      `Please pay before <b>${formatLocalDateTime(shop.clock.inHours(24), 'UTC')} (UTC)</b>`,
    );
    const qr = h.fake.callsTo(chat.id, 'sendPhoto').at(-1);
    expect(qr?.payload.photo).toBe('<uploaded file>');
    expect(qr?.payload.caption).toContain(`Scan to pay for order ${orderCode(placed)}`);
    const order = await shop.services.orders.getForCustomer(chat.id, orderCode(placed));
    expect([order.btc_address, order.btc_amount_sats]).toEqual([
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      25_000,
    ]);
    await shop.services.settings.set('btc_rate', 'off');
  });

  it('says so when the address pool is empty, keeps the cart, and lets the customer pay cash instead', async () => {
    const { chat, product } = await customerWithCart(2);
    await fillDetails(chat);
    await chat.press('Bitcoin');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('no Bitcoin payment address is available');
    expect(chat.lastText()).toContain('How would you like to pay?');
    expect((await shop.services.cart.view(chat.id)).lines).toMatchObject([
      { product_id: product.id, quantity: 2 },
    ]);
    await chat.press('Cash on delivery');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('placed!');
  });
});

describe('checkout, Bitcoin at a stale rate', () => {
  it('refuses Bitcoin politely while btc_rate is too old, keeps the cart, and still takes cash', async () => {
    await shop.services.btc.add(['bc1qm34lsc65zpw79lxes69zkqmk6ee3ewf0j77s3h']);
    await shop.services.settings.set('btc_rate', '50000');
    shop.clock.advanceHours(25);
    const { chat, product } = await customerWithCart(1);
    await fillDetails(chat);
    await chat.press('Bitcoin');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('Bitcoin payment is paused while we update the exchange rate');
    expect(chat.lastText()).toContain('How would you like to pay?');
    expect((await shop.services.cart.view(chat.id)).lines).toMatchObject([{ product_id: product.id }]);
    await chat.press('Cash on delivery');
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('placed!');
    await shop.services.settings.set('btc_rate', 'off');
  });
});

describe('checkout refusals and bonus', () => {
  it('keeps the cart when stock ran out between the summary and Confirm', async () => {
    const { chat, product } = await customerWithCart(2, { stock: 2 });
    await fillDetails(chat);
    await chat.press('Cash on delivery');
    const rival = h.chat(++nextId);
    await rival.send('/start');
    await shop.services.cart.setQuantity(rival.id, product.id, 1);
    await shop.services.orders.place({
      userId: rival.id,
      paymentMethod: 'cod',
      address: '1 Rival Road',
      phone: '+15550100002',
    });

    await chat.press('Confirm order');
    expect(chat.lastText()).toContain(`only 1 of ${product.name} available`);
    expect(chat.lastText()).toContain('Your cart has been kept');
    expect((await shop.services.cart.view(chat.id)).lines).toMatchObject([
      { product_id: product.id, quantity: 2 },
    ]);
    expect(await shop.services.orders.list({ userId: chat.id })).toEqual([]);
  });

  it('shows the summary again when the cart or a price changed after it was shown', async () => {
    const { chat, product } = await customerWithCart(1, { price: 1000 });
    await fillDetails(chat);
    await chat.press('Cash on delivery');
    expect(chat.lastText()).toContain('Total: <b>$10.00</b>');
    await shop.services.catalog.updateProduct(product.id, { price: 1500 });
    await chat.press('Confirm order');
    expect(chat.lastAnswer()).toContain('changed since the summary');
    expect(chat.lastText()).toContain('Total: <b>$15.00</b>');
    expect(await shop.services.orders.list({ userId: chat.id })).toEqual([]);
    await chat.press('Confirm order');
    expect(chat.lastText()).toContain('placed!');
    expect((await shop.services.orders.list({ userId: chat.id }))[0]?.total).toBe(1500);
  });

  it('uses bonus: an amount (validated), or all of it', async () => {
    const { chat } = await customerWithCart(1, { price: 1000 });
    await grantBonus(shop, chat.id, 600);
    await chat.press('Checkout');
    await chat.send('1 Bonus Boulevard');
    await chat.send('+15550100003');
    await chat.press('Skip');
    expect(chat.lastText()).toContain('You have <b>$6.00</b> in bonus');
    await chat.press('Enter an amount');
    await chat.send('lots');
    expect(chat.texts().at(-2)).toContain('Please send an amount');
    await chat.send('7');
    expect(chat.texts().at(-2)).toContain('more than your bonus balance');
    await chat.send('2.50');
    await chat.press('Cash on delivery');
    expect(chat.lastText()).toContain('Bonus used: −$2.50');
    expect(chat.lastText()).toContain('Total: <b>$7.50</b>');
    await chat.press('Confirm order');
    const order = await shop.services.orders.getForCustomer(chat.id, orderCode(chat.lastText()));
    expect([order.bonus_applied, order.total]).toEqual([250, 750]);

    const product = await newProduct(shop, { price: 200 });
    await shop.services.cart.setQuantity(chat.id, product.id, 1);
    await chat.pressData('k:start');
    await chat.press('Use saved details');
    await chat.press('Use all');
    await chat.press('Cash on delivery');
    expect(chat.lastText()).toContain('Bonus used: −$2.00');
    expect(chat.lastText()).toContain('Total: <b>$0.00</b>');
  });

  it('speaks Russian throughout for a Russian-speaking customer', async () => {
    const { chat } = await customerWithCart(1, { lang: 'ru' });
    await chat.press('Оформить');
    expect(chat.lastText()).toContain('адрес доставки');
    await chat.send('ул. Тестовая, 1');
    await chat.send('+79001234567');
    await chat.press('Пропустить');
    await chat.press('Наличными');
    expect(chat.lastText()).toContain('Проверьте заказ');
    expect(chat.lastText()).toContain('24 часа');
    await chat.press('Подтвердить');
    expect(chat.lastText()).toMatch(/Заказ [A-Z]{6} оформлен/);
  });
});
