import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/index.js';
import { type PollingOptions, startPolling } from '../../src/bot/polling.js';
import { createConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/connection.js';
import { createParkedUpdates } from '../../src/updates/parked-updates.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram } from '../support/fake-bot-api.js';
import { type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { updateFeed } from '../support/update-feed.js';
import { textUpdate, tgUser } from '../support/updates.js';

/** The bot's own polling loop: one customer's stalled send never holds back the others. */

let t: TestDatabase;
let shop: TestShop;
useTestShop(async (created) => {
  ({ t, shop } = created);
  await shop.services.settings.set('reference_codes_enabled', 'false');
  for (const id of [SLOW, ...OTHERS]) await shop.services.users.join({ telegramId: id, firstName: 'C' });
});

const SLOW = 90_000;
const OTHERS = Array.from({ length: 30 }, (_, i) => 90_001 + i);
const silent = pino({ level: 'silent' });

/** A bot polling the in-process feed, whose sends to SLOW stall until `release`. */
function stalledBot(parked?: PollingOptions['parked']) {
  let release: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => {
    release = resolve;
  });
  const feed = updateFeed(new FakeTelegram(), (_method, payload) =>
    Number(payload.chat_id) === SLOW ? stalled : undefined,
  );
  const bot = createBot(
    createConfig({ BOT_TOKEN: FAKE_TOKEN }),
    { db: shop.db, services: shop.services, logger: silent },
    { botInfo: BOT_INFO, rateLimit: false },
  );
  bot.api.config.use(feed.transformer);
  const handled = new Set<number>();
  const handle = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhook) =>
    handle(update, webhook).finally(() => handled.add(update.update_id));
  const polling = startPolling(bot, { logger: silent, allowedUpdates: ['message'], parked });
  const slow = textUpdate(tgUser(SLOW), '/menu');
  feed.push(slow);
  const others = Array.from({ length: 150 }, (_, i) => textUpdate(tgUser(OTHERS[i % 30] as number), '/menu'));
  for (const update of others) feed.push(update);
  return { feed, handled, polling, slow, others, release };
}

describe('polling with a customer on a stalled network', () => {
  it('handles 150 other updates while the slow one is in hand, without asking Telegram in a busy loop', async () => {
    const { feed, handled, polling, slow, others, release } = stalledBot();
    try {
      await until(() => others.every((u) => handled.has(u.update_id)), 'the other customers');
      expect(handled.has(slow.update_id)).toBe(false);

      // Nothing new, one update in hand: Telegram is asked again every 25 ms or so, not as fast as it answers.
      const [calls, since] = [feed.getUpdatesCalls(), performance.now()];
      await until(() => feed.getUpdatesCalls() >= calls + 3, 'three more polls');
      expect(performance.now() - since).toBeGreaterThanOrEqual(50);
      release();
      await until(() => handled.has(slow.update_id), 'the slow update');
    } finally {
      release();
      await polling.stop(5000);
    }
    expect(feed.confirmedOffset()).toBeGreaterThan(Math.max(...[...handled]));
  }, 60_000);

  it('does not confirm past the slow update while it cannot be parked', async () => {
    const elsewhere = new URL(t.url);
    elsewhere.pathname = '/no_such_shop';
    const unreachable = createDatabase(elsewhere.href, { connectionLimit: 1 });
    const { feed, handled, polling, slow, others, release } = stalledBot(
      createParkedUpdates(unreachable, { logger: silent }),
    );
    try {
      // The first window's 99 others are handled; then parking fails again and again, so the offset stays.
      await until(() => others.slice(0, 99).every((u) => handled.has(u.update_id)), 'the first window');
      const calls = feed.getUpdatesCalls();
      await until(() => feed.getUpdatesCalls() >= calls + 5, 'five more polls');
      expect(feed.confirmedOffset()).toBeLessThanOrEqual(slow.update_id);
      expect(handled.has(others[99]?.update_id as number)).toBe(false);
      release();
      await until(() => others.every((u) => handled.has(u.update_id)), 'the others after the slow one');
    } finally {
      release();
      await polling.stop(5000);
      await unreachable.destroy();
    }
  }, 60_000);
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
