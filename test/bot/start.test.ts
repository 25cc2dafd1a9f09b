import { describe, expect, it } from 'vitest';
import { OWNER_ID, type TestShop } from '../support/shop.js';
import { callbackUpdate } from '../support/updates.js';
import { createHarness, type Harness, useBotHarness } from './harness.js';

let shop: TestShop;
let h: Harness;
useBotHarness({ reference_codes_enabled: 'true' }, async (created) => {
  ({ shop, h } = created);
});

describe('joining with a reference code', () => {
  it('asks a newcomer for a code and lets nothing else through until then', async () => {
    const chat = h.chat(20_001);
    await chat.send('/start');
    expect(chat.lastText()).toContain('reference code');
    await chat.send('/menu');
    expect(chat.lastText()).toContain('reference code');
    await h.handle(callbackUpdate(chat.user, 'm:shop'));
    expect(chat.lastAnswer()).toContain('reference code');
    expect(await shop.services.users.find(chat.id)).toBeUndefined();
  });

  it('gives a clear reason for each kind of bad code', async () => {
    const chat = h.chat(20_002);
    const { refcodes } = shop.services;
    await chat.send('NOSUCHCODE');
    expect(chat.lastText()).toContain('does not exist');

    const expiring = await refcodes.create({ expiresHours: 1 });
    shop.clock.advanceHours(2);
    await chat.send(expiring.code);
    expect(chat.lastText()).toContain('expired');

    const disabled = await refcodes.create();
    await refcodes.disable(disabled.code);
    await chat.send(disabled.code.toLowerCase());
    expect(chat.lastText()).toContain('disabled');

    const single = await refcodes.create({ maxUses: 1 });
    await h.chat(20_003).send(`/start ${single.code}`);
    await chat.send(single.code);
    expect(chat.lastText()).toContain('maximum number of times');
    expect(await shop.services.users.find(chat.id)).toBeUndefined();
  });

  it('registers with a valid code (typed or from a t.me deep link) and shows the main menu', async () => {
    const code = await shop.services.refcodes.create();
    const typed = h.chat(20_010);
    await typed.send('/start');
    await typed.send(`  ${code.code.toLowerCase()} `);
    expect(typed.lastText()).toContain('Welcome');
    expect(() => h.fake.findButton(typed.id, 'Shop')).not.toThrow();

    const linked = h.chat(20_011);
    await linked.send(`/start ${code.code}`);
    expect(linked.lastText()).toContain('Welcome');
    expect((await shop.services.users.find(linked.id))?.id).toBe(linked.id);
  });

  it('lets the owner in without a code', async () => {
    const owner = h.chat(OWNER_ID);
    await owner.send('/start');
    expect(owner.lastText()).toContain('Main menu');
    expect((await shop.services.users.find(OWNER_ID))?.role).toBe('owner');
  });

  it('escapes whatever a customer calls themselves', async () => {
    const code = await shop.services.refcodes.create();
    const chat = h.chat(20_020, { first_name: '<b>Bob</b> & <i>co' });
    await chat.send(`/start ${code.code}`);
    expect(chat.lastText()).toContain('&lt;b&gt;Bob&lt;/b&gt; &amp; &lt;i&gt;co');
    expect(chat.lastText()).not.toContain('<b>Bob');
  });

  it('speaks Russian to a Russian-speaking user and English (BOT_LOCALE) otherwise', async () => {
    const ru = h.chat(20_030, { language_code: 'ru' });
    await ru.send('/start');
    expect(ru.lastText()).toContain('реферальный код');
    const de = h.chat(20_031, { language_code: 'de' });
    await de.send('/start');
    expect(de.lastText()).toContain('reference code');
    const ruDefault = createHarness(shop, { BOT_LOCALE: 'ru' });
    const other = ruDefault.chat(20_032, { language_code: 'de' });
    await other.send('/start');
    expect(other.lastText()).toContain('реферальный код');
  });
});

describe('without reference codes', () => {
  it('registers on /start and shows the menu; Referrals appears only when the bonus percent is above 0', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    const chat = h.chat(20_100);
    await chat.send('/start');
    expect(chat.lastText()).toContain('Main menu');
    expect(() => h.fake.findButton(chat.id, 'Referrals')).toThrow();
    await shop.services.settings.set('reference_bonus_percent', '5');
    await chat.send('/start');
    expect(() => h.fake.findButton(chat.id, 'Referrals')).not.toThrow();
    await shop.services.settings.set('reference_bonus_percent', '0');
    await shop.services.settings.set('reference_codes_enabled', 'true');
  });
});

describe('a banned user', () => {
  it('gets one message saying so, and nothing else works', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    const chat = h.chat(20_200);
    await chat.send('/start');
    await shop.services.users.ban(chat.id, 'spam');
    h.fake.reset();
    await chat.send('/start');
    expect(h.fake.callsTo(chat.id)).toHaveLength(1);
    expect(chat.lastText()).toContain('blocked');
    await h.handle(callbackUpdate(chat.user, 'm:shop'));
    const answers = h.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(answers).toHaveLength(1);
    expect(chat.lastAnswer()).toContain('blocked');
    expect(h.fake.calls.filter((c) => c.method !== 'answerCallbackQuery')).toHaveLength(1);
    await shop.services.settings.set('reference_codes_enabled', 'true');
  });
});
