import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { orderData } from '../../src/bot/callback-data/index.js';
import { createBot } from '../../src/bot/index.js';
import { createConfig } from '../../src/config.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { OWNER_ID, type TestShop, useTestShop } from '../support/shop.js';
import { callbackUpdate, textUpdate, tgUser } from '../support/updates.js';

let shop: TestShop;
useTestShop(async (created) => {
  shop = created.shop;
  await shop.services.settings.set('reference_codes_enabled', 'false');
});

/** A bot whose order lookups fail unexpectedly, logging into `lines`. */
function botLoggingTo(lines: Record<string, unknown>[]) {
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const failing = new Error('the order store is on fire');
  const services = {
    ...shop.services,
    orders: {
      ...shop.services.orders,
      getForCustomer: () => Promise.reject(failing),
    },
  };
  const config = createConfig({ BOT_TOKEN: FAKE_TOKEN, OWNER_ID: String(OWNER_ID) });
  const bot = createBot(config, { db: shop.db, services, logger }, { botInfo: BOT_INFO, rateLimit: false });
  bot.api.config.use(recordingTransformer(new FakeTelegram()));
  return bot;
}

describe('log lines about an update', () => {
  it('carry the update id, the user id and the order code once it is known', async () => {
    const lines: Record<string, unknown>[] = [];
    const bot = botLoggingTo(lines);
    const user = tgUser(880_001);
    await bot.handleUpdate(textUpdate(user, '/start'));
    const press = callbackUpdate(user, orderData.pack({ op: 'show', code: 'QWERTY' }));
    await bot.handleUpdate(press);

    const failed = lines.filter((line) => line.msg === 'update failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      update_id: press.update_id,
      user_id: 880_001,
      order_code: 'QWERTY',
      err: expect.objectContaining({ message: 'the order store is on fire' }),
    });
  });
});
