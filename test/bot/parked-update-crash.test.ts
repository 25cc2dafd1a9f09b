import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, exitOf, startBot, until } from '../support/bot-process.js';
import { ensureBuilt } from '../support/build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { createTestShop, type TestShop } from '../support/shop.js';
import { scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { textUpdate, tgUser } from '../support/updates.js';

/**
 * A slow update held back the getUpdates window, so polling confirmed it while in hand (parked in the database),
 * and then the process was killed (SIGKILL). The next process handles it, once.
 */

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

const SLOW = 95_000;
const OTHERS = Array.from({ length: 20 }, (_, i) => 95_001 + i);

const claimOf = (updateId: number) =>
  t.db.selectFrom('webhook_updates').selectAll().where('update_id', '=', updateId).executeTakeFirst();

describe('a bot killed with a parked update in hand', () => {
  it('leaves it to the next process, which handles it exactly once', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    for (const id of [SLOW, ...OTHERS]) await shop.services.users.join({ telegramId: id, firstName: 'C' });
    const first = await startShopBot();
    const held = api.hold((call) => Number(call.payload.chat_id) === SLOW);
    const slow = textUpdate(tgUser(SLOW), '/menu');
    api.push(slow);
    await held.reached;
    // More than a getUpdates window of other customers' updates, handled behind the stalled one.
    for (let i = 0; i < 150; i++) api.push(textUpdate(tgUser(OTHERS[i % OTHERS.length] as number), '/menu'));
    await until(() => api.confirmedOffset() > slow.update_id, 'polling to confirm past the stalled update');
    expect((await claimOf(slow.update_id))?.payload).toBe(JSON.stringify(slow));

    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    held.release();
    const callsToSlow = () => api.fake.callsTo(SLOW).length;
    expect(callsToSlow()).toBe(1);
    expect((await claimOf(slow.update_id))?.finished_at).toBeNull();
    // The dead process's claim runs out (a minute, on the database's clock).
    await t.db
      .updateTable('webhook_updates')
      .set({ expires_at: sql<Date>`utc_timestamp(3) - interval 1 second` })
      .where('update_id', '=', slow.update_id)
      .execute();

    const second = await startShopBot();
    await until(() => callsToSlow() > 1, 'the parked update to be handled');
    let finished = false;
    await until(() => {
      void claimOf(slow.update_id).then((claim) => (finished = Boolean(claim?.finished_at)));
      return finished;
    }, 'the parked update to be marked finished');
    const [lost, resent] = api.fake.callsTo(SLOW);
    expect(resent?.payload).toEqual(lost?.payload);
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, 15_000)).toBe(0);
    expect(callsToSlow()).toBe(2);
    expect(second.output().match(/handling an update parked by a process that stopped/g)).toHaveLength(1);
  }, 180_000);
});
