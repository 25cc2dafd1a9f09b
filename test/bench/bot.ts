import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { sql } from 'kysely';
import { pino } from 'pino';
import {
  addToCartData,
  cartData,
  categoryData,
  menuData,
  productData,
} from '../../src/bot/callback-data/index.js';
import type { BotContext } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/index.js';
import { createConfig } from '../../src/config.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { callbackUpdate, tgUser } from '../support/updates.js';
import { type BenchContext, benchDatabase, fmt, percentile, type Row, runConcurrently } from './harness.js';

/** Handlers that answer every button without touching the database: the baseline's features. */
const staticFeatures = new Composer<BotContext>();
staticFeatures.on('callback_query:data', (ctx) =>
  ctx.editMessageText(`You pressed ${ctx.callbackQuery.data}`),
);

/** Scenario 3: catalog browsing and cart changes through the real bot, many customers at once. */
export async function botThroughput(ctx: BenchContext): Promise<Row> {
  const users = ctx.quick ? 20 : 100;
  const rounds = ctx.quick ? 2 : 5;
  const shop = await benchDatabase(ctx.serverUrl);
  try {
    await sql`insert into users (id, first_name) select 500000 + seq, 'Shopper' from seq_1_to_${sql.raw(String(users))}`.execute(
      shop.db,
    );
    await sql`insert into categories (name) select concat('Category ', seq) from seq_1_to_5`.execute(shop.db);
    await sql`insert into products (category_id, name, price, stock_quantity)
      select 1 + seq % 5, concat('Product ', seq), 100 + seq, 1000000 from seq_1_to_250`.execute(shop.db);

    const config = createConfig({ BOT_TOKEN: FAKE_TOKEN, OWNER_ID: '1' });
    const deps = { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) };
    const message = { message_id: 1, date: 0, chat: { id: 0, type: 'private' }, text: 'menu' } as Message;
    const updatesFor = (index: number) => {
      const from = tgUser(500001 + index);
      const chatMessage = {
        ...message,
        chat: { id: from.id, type: 'private', first_name: 'Shopper' },
      } as Message;
      const category = 1 + (index % 5);
      const product = category + 5 * (index % 10);
      const data = [
        menuData.pack({ to: 'shop' }),
        categoryData.pack({ category, dir: 'a', cursor: 0 }),
        productData.pack({ product, qty: 1, dir: 'a', cursor: 0 }),
        addToCartData.pack({ product, qty: 1, dir: 'a', cursor: 0 }),
        cartData.pack({ op: 'show', product: 0 }),
        cartData.pack({ op: 'dec', product }),
      ];
      return Array.from({ length: rounds }, () => data)
        .flat()
        .map((d) => callbackUpdate(from, d, chatMessage));
    };

    const measure = async (features?: Composer<BotContext>[]) => {
      const bot = createBot(config, deps, { botInfo: BOT_INFO, rateLimit: false, features });
      const fake = new FakeTelegram();
      bot.api.config.use(recordingTransformer(fake));
      const latencies: number[] = [];
      // Each customer's updates arrive one after another, as in a chat; customers run side by side.
      const run = await runConcurrently(
        Array.from({ length: users }, (_, i) => async () => {
          for (const update of updatesFor(i)) {
            const start = performance.now();
            await bot.handleUpdate(update);
            latencies.push(performance.now() - start);
          }
        }),
        users,
      );
      // A handler that refused (a stale button, an error) would be cheap and flatter the figure: count them.
      const refused = fake.calls.filter((c) =>
        /out of date|went wrong/.test(String(c.payload.text ?? '')),
      ).length;
      const failed = run.results.filter((r) => r.status === 'rejected').length + refused;
      return { rate: (latencies.length / run.wallMs) * 1000, p99: percentile(latencies, 99), failed };
    };
    await measure(); // warm-up: JIT, pool connections, sessions created
    const ours = await measure();
    const base = await measure([staticFeatures]);
    const carts = await sql<{ n: number }>`select count(*) as n from cart_items`.execute(shop.db);
    ctx.log(
      `bot: ${ours.failed} refused or failed updates, ${carts.rows[0]?.n} cart lines left (each round adds and removes one)`,
    );
    return {
      scenario: `3. Bot updates: ${users} customers browsing and changing carts at once`,
      ours: `${fmt(ours.rate)} updates/s, p99 ${fmt(ours.p99, 1)} ms`,
      baseline: `${fmt(base.rate)} updates/s, p99 ${fmt(base.p99, 1)} ms (handlers without database)`,
      ratio: `${fmt((ours.rate / base.rate) * 100)}%`,
      target: '>= 1,000 updates/s, p99 < 50 ms',
      met: ours.failed === 0 && ours.rate >= 1000 && ours.p99 < 50,
    };
  } finally {
    await shop.drop();
  }
}
