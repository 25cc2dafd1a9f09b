import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/index.js';
import type { Services } from '../../src/services.js';
import { createSessionStore } from '../../src/sessions/sessions.repository.js';
import { BOT_INFO, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { newProduct, OWNER_ID, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { callbackUpdate, groupTextUpdate, textUpdate, tgUser } from '../support/updates.js';
import { type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useBotHarness({}, async (created) => {
  ({ t, shop, h } = created);
});

describe('callback queries', () => {
  it('answers every one exactly once: valid, stale, forged, malformed or unknown', async () => {
    const chat = h.chat(90_001);
    await chat.send('/start');
    await h.handle(callbackUpdate(chat.user, 'm:shop')); // no message at all: still answered once
    expect(h.fake.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    const product = await newProduct(shop);
    const datas = [
      'm:shop',
      'm:cart',
      'm:nowhere',
      `p:${product.id}:1:a:0`,
      `pa:${product.id}:1:a:0`,
      `pa:${product.id}:999999:a:0`,
      'p:0:1:a:0',
      'p:99999999:1:a:0',
      'ct:inc:0',
      'k:ok',
      'k:start',
      'od:show:ZZZZZZ',
      'ol:0',
      'r:new',
      'n',
      'zz:1',
      '',
      'x'.repeat(64),
    ];
    for (const data of datas) {
      h.fake.reset();
      await chat.pressData(data);
      const answers = h.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answers, `answers to "${data}"`).toHaveLength(1);
    }
  });

  it('rejects forged ids politely without touching anything', async () => {
    const chat = h.chat(90_002);
    await chat.send('/start');
    for (const data of ['p:-1:1:a:0', 'p:1e3:1:a:0', 'ct:rm:1;DROP', 'od:show:abcdef', 'c:1:z:0', 'k:evil']) {
      await chat.pressData(data);
      expect(chat.lastAnswer(), data).toContain('out of date');
    }
  });
});

describe('the error boundary', () => {
  it('logs with the update id and tells the user something went wrong, without internals', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const broken = {
      ...shop.services,
      catalog: {
        ...shop.services.catalog,
        listCategories: () => Promise.reject(new Error('connection lost to 10.0.0.5:3306')),
      },
    } as Services;
    const fake = new FakeTelegram();
    const bot = createBot(
      h.config,
      { db: shop.db, services: broken, logger },
      { botInfo: BOT_INFO, rateLimit: false },
    );
    bot.api.config.use(recordingTransformer(fake));
    const user = tgUser(90_003);
    await bot.handleUpdate(textUpdate(user, '/start'));
    const update = callbackUpdate(user, 'm:shop');
    await bot.handleUpdate(update);
    const answer = fake.calls.find((c) => c.method === 'answerCallbackQuery');
    expect(answer?.payload.text).toBe(
      'Sorry, something went wrong on our side. Please try again in a moment.',
    );
    expect(JSON.stringify(fake.calls)).not.toContain('10.0.0.5');
    const logged = lines.map(
      (l) => JSON.parse(l) as { update_id?: number; msg: string; err?: { message: string } },
    );
    expect(logged).toMatchObject([
      {
        update_id: update.update_id,
        msg: 'update failed',
        err: { message: 'connection lost to 10.0.0.5:3306' },
      },
    ]);

    await bot.handleUpdate(textUpdate(user, '/start'));
    expect(fake.lastText(user.id)).toContain('Main menu');
  });
});

describe('incoming traffic', () => {
  it('ignores a flooding user for the pause, tells them once, lets staff and others through', async () => {
    const fake = new FakeTelegram();
    let now = 1_000_000;
    const bot = createBot(
      h.config,
      { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) },
      { botInfo: BOT_INFO, rateLimit: { updates: 3, windowMs: 60_000, pauseMs: 300_000, now: () => now } },
    );
    bot.api.config.use(recordingTransformer(fake));
    const user = tgUser(90_004);
    for (let i = 0; i < 10; i++) await bot.handleUpdate(textUpdate(user, '/start'));
    expect(fake.texts(user.id).filter((t) => t.includes('Main menu'))).toHaveLength(3);
    expect(fake.texts(user.id).filter((t) => t.includes('too fast'))).toEqual([
      'You are sending messages too fast, so I will not answer for 5 min. Please try again after that.',
    ]);
    await bot.handleUpdate(callbackUpdate(user, 'm:shop'));
    expect(fake.calls.filter((c) => c.method === 'answerCallbackQuery')).toEqual([]);

    const other = tgUser(90_005);
    await bot.handleUpdate(textUpdate(other, '/start'));
    expect(fake.callsTo(other.id, 'sendMessage')).toHaveLength(1);
    const owner = tgUser(OWNER_ID);
    for (let i = 0; i < 5; i++) await bot.handleUpdate(textUpdate(owner, '/start'));
    expect(fake.texts(OWNER_ID).filter((t) => t.includes('too fast'))).toEqual([]);

    now += 299_000;
    await bot.handleUpdate(textUpdate(user, '/start'));
    expect(fake.texts(user.id)).toHaveLength(4);
    now += 1_000;
    await bot.handleUpdate(textUpdate(user, '/start'));
    expect(fake.texts(user.id).at(-1)).toContain('Main menu');
  });

  it('exempts admins made with `user role` from the flood limit, and only while they are admins', async () => {
    const fake = new FakeTelegram();
    let now = 9_000_000;
    const bot = createBot(
      h.config,
      { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) },
      { botInfo: BOT_INFO, rateLimit: { updates: 3, windowMs: 60_000, pauseMs: 300_000, now: () => now } },
    );
    bot.api.config.use(recordingTransformer(fake));
    const user = tgUser(90_008);
    const tooFast = () => fake.texts(user.id).filter((t) => t.includes('too fast')).length;
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) await bot.handleUpdate(textUpdate(user, '/start'));
    };
    await send(1);
    await shop.services.users.setRole(user.id, 'admin');
    await send(10);
    expect(fake.texts(user.id).filter((t) => t.includes('Main menu'))).toHaveLength(11);
    expect(tooFast()).toBe(0);

    // Demoted: the next update shows the bot a customer, and from then on they are counted again.
    await shop.services.users.setRole(user.id, 'user');
    await send(10);
    expect(tooFast()).toBe(1);

    // Banned while an admin: the pass ends with the first update the gate refuses.
    now += 400_000;
    await shop.services.users.setRole(user.id, 'admin');
    await send(1);
    await shop.services.users.ban(user.id);
    await send(10);
    expect(tooFast()).toBe(2);
  });

  it('counts updates per window: a steady pace under the limit is never paused', async () => {
    const fake = new FakeTelegram();
    let now = 5_000_000;
    const bot = createBot(
      h.config,
      { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) },
      { botInfo: BOT_INFO, rateLimit: { updates: 2, windowMs: 60_000, pauseMs: 300_000, now: () => now } },
    );
    bot.api.config.use(recordingTransformer(fake));
    const user = tgUser(90_007);
    for (let i = 0; i < 6; i++) {
      await bot.handleUpdate(textUpdate(user, '/start'));
      now += 30_000;
    }
    expect(fake.texts(user.id).filter((t) => t.includes('Main menu'))).toHaveLength(6);
  });

  it('ignores groups: the shop talks one to one', async () => {
    h.fake.reset();
    await h.handle(groupTextUpdate(tgUser(90_006), '/start'));
    expect(h.fake.calls).toEqual([]);
  });
});

describe('the MariaDB session storage', () => {
  it('reads, writes, overwrites and deletes JSON values by key', async () => {
    const store = createSessionStore<{ step?: string; n?: number }>(t.db);
    expect(await store.read('s1')).toBeUndefined();
    await store.write('s1', { step: 'phone', n: 1 });
    await store.write('s1', { step: 'note', n: 2 });
    expect(await store.read('s1')).toEqual({ step: 'note', n: 2 });
    await store.delete('s1');
    expect(await store.read('s1')).toBeUndefined();
  });

  it('writes a value read from it again only once it has changed', async () => {
    const store = createSessionStore<{ n: number }>(t.db);
    await store.write('s2', { n: 1 });
    const old = new Date(Math.floor(Date.now() / 1000 - 86_400) * 1000);
    const stamp = () =>
      t.db.updateTable('bot_sessions').set({ updated_at: old }).where('key', '=', 's2').execute();
    const updatedAt = async () =>
      (
        await t.db
          .selectFrom('bot_sessions')
          .select('updated_at')
          .where('key', '=', 's2')
          .executeTakeFirstOrThrow()
      ).updated_at;
    await stamp();
    const value = (await store.read('s2')) as { n: number };
    await store.write('s2', value);
    expect(await updatedAt()).toEqual(old);
    value.n = 2;
    await store.write('s2', value);
    expect(await updatedAt()).not.toEqual(old);
    expect(await store.read('s2')).toEqual({ n: 2 });
  });
});
