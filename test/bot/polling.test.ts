import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/index.js';
import { startPolling } from '../../src/bot/polling.js';
import { createConfig } from '../../src/config.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram } from '../support/fake-bot-api.js';
import { type TestShop, useTestShop } from '../support/shop.js';
import { updateFeed } from '../support/update-feed.js';
import { textUpdate, tgUser } from '../support/updates.js';

/** The bot's own polling loop: one customer's stalled send never holds back the others. */

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

const SLOW = 90_000;
const OTHERS = Array.from({ length: 30 }, (_, i) => 90_001 + i);

describe('polling with a customer on a stalled network', () => {
  it('handles 150 other updates while the slow one is in hand, without asking Telegram in a busy loop', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    for (const id of [SLOW, ...OTHERS]) await shop.services.users.join({ telegramId: id, firstName: 'C' });
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fake = new FakeTelegram();
    const feed = updateFeed(fake, (_method, payload) =>
      Number(payload.chat_id) === SLOW ? stalled : undefined,
    );
    const bot = createBot(
      createConfig({ BOT_TOKEN: FAKE_TOKEN }),
      { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) },
      { botInfo: BOT_INFO, rateLimit: false },
    );
    bot.api.config.use(feed.transformer);
    const handled = new Set<number>();
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = (update, webhook) =>
      handle(update, webhook).finally(() => handled.add(update.update_id));
    const polling = startPolling(bot, { logger: pino({ level: 'silent' }), allowedUpdates: ['message'] });
    try {
      const slow = textUpdate(tgUser(SLOW), '/menu');
      feed.push(slow);
      const others = Array.from({ length: 150 }, (_, i) =>
        textUpdate(tgUser(OTHERS[i % 30] as number), '/menu'),
      );
      for (const update of others) feed.push(update);
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
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
