import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/connection.js';
import { type BotProcess, exitOf, startBot, until } from '../support/bot-process.js';
import { ensureBuilt } from '../support/build.js';
import { type ApiCall, FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { createTestShop, OWNER_ID, type TestShop } from '../support/shop.js';
import { scratchDir, shopctl } from '../support/subprocess.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { callbackUpdate, textUpdate, tgUser } from '../support/updates.js';

/**
 * The bot as shipped: `node dist/src/main.js` against a local fake Bot API over HTTP, a customer walking from
 * /start to a placed order, the owner confirming it with `shopctl order confirm`, and the customer hearing
 * about it from the outbox worker. Then SIGTERM, and a clean exit.
 */

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

describe('the bot process', () => {
  let t: TestDatabase;
  let shop: TestShop;
  let api: FakeBotApiServer;
  let bot: BotProcess;

  beforeAll(async () => {
    t = await createTestDatabase({ connectionLimit: 5 });
    shop = createTestShop(t.db);
    api = await startFakeBotApi();
  });
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await api.close();
    await t.drop();
  });

  it('walks /start -> code -> shop -> cart -> checkout -> order placed -> shopctl order confirm -> confirmation', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'true');
    const code = await shop.services.refcodes.create();
    await shop.services.catalog.addCategory('Teas');
    await shop.services.catalog.addProduct({ category: 'Teas', name: 'Oolong', price: 1250, stock: 5 });
    // The first message the bot sends is refused with a 429: auto-retry must wait and send it again.
    api.fake.fail({
      method: 'sendMessage',
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      times: 1,
    });

    const dir = await scratchDir();
    bot = startBot(
      {
        DATABASE_URL: t.url,
        BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.url,
        OWNER_ID: String(OWNER_ID),
        LOG_LEVEL: 'info',
      },
      dir,
    );
    const user = tgUser(95_001, { first_name: 'Eve' });
    const seen = () => api.fake.calls.length;
    const nextCall = (from: number, predicate: (call: ApiCall) => boolean) =>
      api
        .waitFor((call) => !call.failed && api.fake.calls.indexOf(call) >= from && predicate(call), 20_000)
        .catch((error: Error) => {
          throw new Error(`${error.message}\nbot output:\n${bot.output()}`);
        });
    const textOf = (call: ApiCall) => String(call.payload.text ?? call.payload.caption ?? '');
    const toUser = (call: ApiCall) => Number(call.payload.chat_id) === user.id;

    // A person's pace, not a script's: the bot's per-user rate limit would drop a faster flood.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 250));
    async function say(text: string, expected: string) {
      await pause();
      const from = seen();
      api.push(textUpdate(user, text));
      return nextCall(from, (c) => toUser(c) && textOf(c).includes(expected));
    }
    async function press(label: string, expected: string) {
      await pause();
      const { message, button } = api.fake.findButton(user.id, label);
      const from = seen();
      api.push(callbackUpdate(user, button.callback_data, api.fake.asTelegram(message)));
      return nextCall(
        from,
        (c) => (toUser(c) || c.method === 'answerCallbackQuery') && textOf(c).includes(expected),
      );
    }

    await say('/start', 'reference code');
    // The 429, then the same message again once retry_after had passed.
    expect(api.fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.failed)).toEqual([
      429,
      undefined,
    ]);
    await say(code.code, 'Welcome, Eve');
    const russianMenu = api.fake.calls.find(
      (c) => c.method === 'setMyCommands' && c.payload.language_code === 'ru',
    );
    expect(russianMenu?.payload.commands).toContainEqual({
      command: 'start',
      description: 'Открыть магазин',
    });
    await press('Shop', 'Choose a category');
    await press('Teas', 'Choose a product');
    await press('Oolong', 'Only 5 left');
    await press('Add 1 to cart', 'Added 1 × Oolong');
    await press('Cart', 'Total: <b>$12.50</b>');
    await press('Checkout', 'delivery address');
    await say('1 End-to-End Lane, Testville', 'phone number');
    await say('+15550100000', 'note');
    await press('Skip', 'How would you like to pay?');
    await press('Cash on delivery', 'Please check your order');
    const placed = await press('Confirm order', 'placed!');
    const orderCode = /Order ([A-Z]{6}) placed/.exec(textOf(placed))?.[1];
    expect(orderCode).toMatch(/^[A-Z]{6}$/);

    const staff = await api.waitFor(
      (c) =>
        Number(c.payload.chat_id) === OWNER_ID && textOf(c).includes(`shopctl order confirm ${orderCode}`),
      20_000,
    );
    expect(textOf(staff)).toContain('Customer: Eve');

    const from = seen();
    const confirmed = await shopctl(['order', 'confirm', orderCode as string], {
      cwd: dir,
      databaseUrl: t.url,
    });
    expect(confirmed.stderr).toBe('');
    expect(confirmed.code).toBe(0);
    const told = await nextCall(from, (c) => toUser(c) && textOf(c).includes('has been confirmed'));
    expect(textOf(told)).toBe(`✅ Your order <b>${orderCode}</b> has been confirmed.`);
    // The row is marked sent just after Telegram accepted the message.
    const statuses = () =>
      t.db.selectFrom('notification_outbox').select(['kind', 'status']).orderBy('id').execute();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await pause()) {
      if ((await statuses()).every((r) => r.status === 'sent')) break;
    }
    expect(await statuses()).toEqual([
      { kind: 'order_placed', status: 'sent' },
      { kind: 'order_confirmed', status: 'sent' },
    ]);

    // SIGTERM with an update in hand: the reply to /menu is stalled in Telegram when the signal arrives. The
    // bot must finish that update (its reply goes out) before it closes the database,
    // confirm it so that it is not handled again after a restart, and exit 0.
    const stalled = api.hold((c) => toUser(c) && c.method === 'sendMessage');
    const menu = textUpdate(user, '/menu');
    await pause();
    api.push(menu);
    await stalled.reached;
    bot.child.kill('SIGTERM');
    await until(() => bot.output().includes('stopping: no new updates'), 'the bot to begin stopping');
    stalled.release();
    expect(await exitOf(bot.child, 30_000)).toBe(0);
    expect(api.confirmedOffset()).toBe(menu.update_id + 1);
    expect(bot.output()).not.toMatch(/"level":(50|60)/);
  }, 90_000);
});

describe('without BOT_TOKEN', () => {
  it('still migrates the database, then says clearly why the bot cannot start and exits non-zero', async () => {
    const empty = await createEmptyDatabase();
    try {
      const dir = await scratchDir();
      const { child, output } = startBot({ DATABASE_URL: empty.url }, dir);
      expect(await exitOf(child, 30_000)).toBe(1);
      expect(output()).toContain('BOT_TOKEN is not set.');
      const db = createDatabase(empty.url, { connectionLimit: 1 });
      const tables = await sql<{ n: number }>`select count(*) as n from information_schema.tables
        where table_schema = database() and table_name in ('orders', 'bot_sessions', 'notification_outbox')`.execute(
        db,
      );
      await db.destroy();
      expect(Number(tables.rows[0]?.n)).toBe(3);
    } finally {
      await empty.drop();
    }
  }, 60_000);
});

describe('with a token Telegram rejects', () => {
  it('exits non-zero with one clear sentence', async () => {
    const t = await createTestDatabase({ connectionLimit: 2 });
    const api = await startFakeBotApi();
    try {
      const wrong = '987654321:AAWrongTokenWrongTokenWrongToken_xyz';
      const dir = await scratchDir();
      const { child, output } = startBot(
        { DATABASE_URL: t.url, BOT_TOKEN: wrong, TELEGRAM_API_ROOT: api.url },
        dir,
      );
      expect(await exitOf(child, 30_000)).toBe(1);
      expect(output()).toContain('Telegram rejected BOT_TOKEN (401 Unauthorized).');
    } finally {
      await api.close();
      await t.drop();
    }
  }, 60_000);
});
