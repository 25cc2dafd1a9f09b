import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notifications/notifications.repository.js';
import { systemClock } from '../../src/shared/clock.js';
import { exitOf, startBot, until } from '../support/bot-process.js';
import { ensureBuilt } from '../support/build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The bot process killed with SIGKILL while Telegram has not yet answered one of its sends: that outbox row stays
 * leased by the dead worker. A bot process started after the lease ran out must send it, once more and no more.
 * The bot reads the real clock, so the rows here do too.
 */

let t: TestDatabase;
let api: FakeBotApiServer;
beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 2 });
  api = await startFakeBotApi();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const CHAT = 530_001;
const row = () =>
  t.db.selectFrom('notification_outbox').selectAll().where('chat_id', '=', CHAT).executeTakeFirstOrThrow();

describe('outbox after a killed bot', () => {
  it('a restarted bot sends the message a killed one held, once its lease ran out', async () => {
    const env = { DATABASE_URL: t.url, BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url };
    const toChat = (call: { method: string; payload: Record<string, unknown> }) =>
      call.method === 'sendMessage' && Number(call.payload.chat_id) === CHAT;
    const held = api.hold(toChat);
    await enqueueNotification(t.db, systemClock.now(), CHAT, 'order_delivered', { code: 'KILLED' });

    const first = startBot(env, await scratchDir());
    await held.reached;
    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    held.release();
    const leased = await row();
    expect(leased).toMatchObject({ status: 'pending', attempts: 1 });
    expect(leased.next_attempt_at.getTime()).toBeGreaterThan(Date.now());

    // The minute of the dead worker's lease passes (moved, not waited for: the bot reads the real clock).
    await t.db
      .updateTable('notification_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('chat_id', '=', CHAT)
      .execute();
    const second = startBot(env, await scratchDir());
    try {
      await until(() => api.fake.calls.filter(toChat).length === 2, 'the restarted bot sending the message');
      // Telegram has answered; the row is marked right after (the deadline only ends a broken run).
      for (const deadline = Date.now() + 20_000; (await row()).status !== 'sent' && Date.now() < deadline; )
        await new Promise((r) => setTimeout(r, 50));
      expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
      expect(api.fake.calls.filter(toChat)).toHaveLength(2);
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child, 30_000);
    }
  }, 120_000);
});
