import { describe, expect, it } from 'vitest';
import { newProduct, OWNER_ID, orderOf, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { stickerContent } from '../support/updates.js';
import { type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness(
  {
    reference_codes_enabled: 'true',
    reference_bonus_percent: '10',
    customer_refcode_limit: '2',
    customer_refcode_max_uses: '3',
  },
  async (created) => {
    ({ t, shop, h } = created);
  },
);

describe('referrals', () => {
  it('shows balance, ledger, people referred and codes; creates codes up to the limit', async () => {
    const first = await shop.services.refcodes.create();
    const referrer = h.chat(70_001);
    await referrer.send(`/start ${first.code}`);
    await referrer.press('Referrals');
    expect(referrer.lastText()).toContain('Bonus balance: <b>$0.00</b>');
    expect(referrer.lastText()).toContain('You have no codes yet');

    await referrer.press('Create a code');
    const [code] = await shop.services.refcodes.list({ creatorId: referrer.id });
    expect(referrer.lastAnswer()).toContain(`Code ${code?.code} created`);
    expect(referrer.lastText()).toContain(`<code>${code?.code}</code> · active · used 0/3`);
    expect(referrer.lastText()).toContain(`https://t.me/test_shop_bot?start=${code?.code}`);

    const friend = h.chat(70_002);
    await friend.send(`/start ${code?.code}`);
    const product = await newProduct(shop, { price: 5000 });
    const order = await orderOf(shop, friend.id, product.id, 1);
    await shop.services.orders.confirm(order.code);
    await shop.services.orders.deliver(order.code);

    await referrer.press('Create a code');
    expect(() => h.fake.findButton(referrer.id, 'Create a code')).toThrow();
    expect(referrer.lastText()).toContain('Bonus balance: <b>$5.00</b>');
    expect(referrer.lastText()).toContain('People you referred: 1');
    expect(referrer.lastText()).toMatch(new RegExp(`referral ${order.code} · \\+\\$5\\.00`));
    await referrer.pressData('r:new');
    expect(referrer.lastAnswer()).toContain('at most 2 active codes');
    expect(await shop.services.refcodes.list({ creatorId: referrer.id })).toHaveLength(2);
  });
});

describe('help', () => {
  it('passes the next text message to the owner through the outbox and replies with help_auto_message', async () => {
    await shop.services.settings.set('help_auto_message', 'We reply within a day <3');
    const code = await shop.services.refcodes.create();
    const chat = h.chat(70_010, { first_name: 'Ann <Admin>', username: 'ann' });
    await chat.send(`/start ${code.code}`);
    await chat.press('Help');
    expect(chat.lastText()).toContain('Write your question');
    await chat.sendContent(stickerContent());
    expect(chat.lastText()).toContain('text message');
    await chat.send('Where is my <b>order</b> & when?');
    expect(chat.lastText()).toContain('We reply within a day &lt;3');

    await h.worker.runOnce();
    const toOwner = h.fake.callsTo(OWNER_ID, 'sendMessage').at(-1)?.payload.text as string;
    expect(toOwner).toContain('Message from Ann &lt;Admin&gt;</b> @ann (id <code>70010</code>)');
    expect(toOwner).toContain('Where is my &lt;b&gt;order&lt;/b&gt; &amp; when?');

    // While the thread is open, a further text joins it.
    await chat.send('another message');
    expect(chat.lastText()).toContain('Sent to the shop');
  });

  it('can be cancelled, and /help opens it too', async () => {
    const chat = h.chat(70_011);
    const code = await shop.services.refcodes.create();
    await chat.send(`/start ${code.code}`);
    await chat.send('/help');
    await chat.press('Cancel');
    expect(chat.lastText()).toContain('Main menu');
    await chat.send('hello?');
    expect(chat.lastText()).toContain('did not understand');
    const requests = await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('kind', '=', 'help_request')
      .execute();
    // Only the first test's customer wrote to the shop; this one cancelled.
    expect(requests.filter((r) => JSON.parse(r.payload).from.telegram_id === chat.id)).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
  });
});
