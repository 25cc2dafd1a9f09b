import { Composer } from 'grammy';
import type { Message, Update } from 'grammy/types';
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
import { startPolling } from '../../src/bot/polling.js';
import { createConfig } from '../../src/config.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram } from '../support/fake-bot-api.js';
import { updateFeed } from '../support/update-feed.js';
import { callbackUpdate, tgUser } from '../support/updates.js';
import { type BenchContext, benchDatabase, fmt, percentile, type Row } from './harness.js';

/** Handlers that answer every button without touching the database: the baseline's features. */
const staticFeatures = new Composer<BotContext>();
staticFeatures.on('callback_query:data', (ctx) =>
  ctx.editMessageText(`You pressed ${ctx.callbackQuery.data}`),
);

const FIRST_USER = 500_001;
/** How long the one slow customer's first Bot API call hangs. */
const SLOW_CALL_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `index`-th tap of the script each customer repeats: shop, category, product, add, cart, take one away. */
function tap(customer: number, step: number): Update {
  const from = tgUser(FIRST_USER + customer);
  const chat = { id: from.id, type: 'private', first_name: 'Shopper' };
  const message = { message_id: 1, date: 0, chat, text: 'menu' } as Message;
  const category = 1 + (customer % 5);
  const product = category + 5 * (customer % 10);
  const data = [
    menuData.pack({ to: 'shop' }),
    categoryData.pack({ category, dir: 'a', cursor: 0 }),
    productData.pack({ product, qty: 1, dir: 'a', cursor: 0 }),
    addToCartData.pack({ product, qty: 1, dir: 'a', cursor: 0 }),
    cartData.pack({ op: 'show', product: 0 }),
    cartData.pack({ op: 'dec', product }),
  ];
  return callbackUpdate(from, data[step % data.length] as string, message);
}

interface Load {
  customers: number;
  /** Updates per second offered, whatever the bot manages. */
  rate: number;
  seconds: number;
  features?: Composer<BotContext>[];
  /** Customer 0 taps once, and its first Bot API call hangs SLOW_CALL_MS. */
  slowCustomer?: boolean;
}

/**
 * Drives the bot as `npm start` runs it: its own polling loop (startPolling, same limits) over an in-process
 * getUpdates, so updates are handled side by side with one customer's in order. An open loop: taps arrive at a
 * fixed rate whatever the latency, round-robin over the customers (each taps every customers / rate seconds), and
 * a tap's latency runs from when it was due to when its handling ended.
 */
async function drive(deps: Parameters<typeof createBot>[1], load: Load) {
  const fake = new FakeTelegram();
  const slowChat = FIRST_USER;
  const slowQueries = new Set<string>();
  let slowCallDone = false;
  const feed = updateFeed(fake, (_method, payload) => {
    const slow = Number(payload.chat_id) === slowChat || slowQueries.has(String(payload.callback_query_id));
    if (!load.slowCustomer || !slow || slowCallDone) return undefined;
    slowCallDone = true;
    return sleep(SLOW_CALL_MS);
  });
  const bot = createBot(createConfig({ BOT_TOKEN: FAKE_TOKEN, OWNER_ID: '1' }), deps, {
    botInfo: BOT_INFO,
    rateLimit: false,
    features: load.features,
  });
  bot.api.config.use(feed.transformer);
  const due = new Map<number, { at: number; slow: boolean }>();
  const latencies: number[] = [];
  let slowLatency = 0;
  let lastDone = 0;
  let handled = 0;
  const handle = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhook) =>
    handle(update, webhook).finally(() => {
      const done = performance.now();
      const tapped = due.get(update.update_id);
      if (tapped?.slow) slowLatency = done - tapped.at;
      else if (tapped) latencies.push(done - tapped.at);
      lastDone = done;
      handled += 1;
    });
  const polling = startPolling(bot, {
    logger: pino({ level: 'silent' }),
    allowedUpdates: ['message', 'callback_query'],
  });

  const total = load.rate * load.seconds;
  const start = performance.now();
  for (let sent = 0; sent < total; ) {
    const now = Math.min(total, Math.floor(((performance.now() - start) * load.rate) / 1000));
    for (; sent < now; sent++) {
      const customer = sent % load.customers;
      const slow = load.slowCustomer === true && customer === 0;
      if (slow && sent > 0) continue; // the slow customer taps once
      const update = tap(customer, Math.floor(sent / load.customers));
      if (slow) slowQueries.add(update.callback_query?.id ?? '');
      due.set(update.update_id, { at: start + (sent * 1000) / load.rate, slow });
      feed.push(update);
    }
    await sleep(2);
  }
  for (const deadline = Date.now() + 120_000; handled < due.size; await sleep(10)) {
    if (Date.now() > deadline) throw new Error(`bot benchmark: ${due.size - handled} updates never handled`);
  }
  await polling.stop(1000);
  // A handler that refused (a stale button, an error) would be cheap and flatter the figure: count them.
  const refused = fake.calls.filter((c) =>
    /out of date|went wrong/.test(String(c.payload.text ?? '')),
  ).length;
  return {
    rate: (latencies.length / (lastDone - start)) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    slowLatency,
    failed: refused,
    polls: feed.getUpdatesCalls(),
  };
}

/** Scenario 3: catalog browsing and cart changes through the real bot and its polling, many customers at once. */
export async function botThroughput(ctx: BenchContext): Promise<Row[]> {
  const customers = ctx.quick ? 100 : 1000;
  // BENCH_BOT_RATE offers another rate: below what the machine sustains, p99 shows latency, not a queue.
  const rate = Number(process.env.BENCH_BOT_RATE) || (ctx.quick ? 200 : 1000);
  const seconds = ctx.quick ? 2 : 10;
  const shop = await benchDatabase(ctx.serverUrl);
  try {
    await sql`insert into users (id, first_name) select ${FIRST_USER - 1} + seq, 'Shopper' from seq_1_to_${sql.raw(String(customers))}`.execute(
      shop.db,
    );
    await sql`insert into categories (name) select concat('Category ', seq) from seq_1_to_5`.execute(shop.db);
    await sql`insert into products (category_id, name, price, stock_quantity)
      select 1 + seq % 5, concat('Product ', seq), 100 + seq, 1000000 from seq_1_to_250`.execute(shop.db);
    const deps = { db: shop.db, services: shop.services, logger: pino({ level: 'silent' }) };
    const load = { customers, rate, seconds };

    await drive(deps, { ...load, seconds: Math.min(2, seconds) }); // warm-up: JIT, pool, sessions created
    const ours = await drive(deps, load);
    const slow = await drive(deps, { ...load, slowCustomer: true });
    const base = await drive(deps, { ...load, features: [staticFeatures] });
    const carts = await sql<{ n: number }>`select count(*) as n from cart_items`.execute(shop.db);
    ctx.log(
      `bot: ${ours.failed + slow.failed} refused or failed updates, ${carts.rows[0]?.n} cart lines left, ${ours.polls} getUpdates calls; ` +
        `p50 ${fmt(ours.p50, 1)} ms (baseline ${fmt(base.p50, 1)} ms); the slow customer's own tap took ${fmt(slow.slowLatency)} ms`,
    );
    const offered = `${fmt(rate)} updates/s offered by ${fmt(customers)} customers`;
    return [
      {
        scenario: `3. Bot updates through npm start's polling: ${offered}`,
        ours: `${fmt(ours.rate)} updates/s, p99 ${fmt(ours.p99, 1)} ms`,
        baseline: `${fmt(base.rate)} updates/s, p99 ${fmt(base.p99, 1)} ms (handlers without database)`,
        ratio: `${fmt((ours.rate / base.rate) * 100)}%`,
        target: 'p99 < 50 ms at 1,000 updates/s',
        met: ours.failed === 0 && ours.rate >= 0.95 * rate && ours.p99 < 50 && rate >= 1000,
      },
      {
        scenario: `3b. Same load, one customer's Bot API call hanging ${SLOW_CALL_MS / 1000} s: the others' p99`,
        ours: `p99 ${fmt(slow.p99, 1)} ms (slow tap ${fmt(slow.slowLatency)} ms)`,
        baseline: `p99 ${fmt(ours.p99, 1)} ms (nobody slow, run 3)`,
        ratio: `${fmt(slow.p99 / ours.p99, 2)}x`,
        target: 'others unaffected (<= 1.5x)',
        met: slow.failed === 0 && slow.p99 <= 1.5 * ours.p99 && slow.slowLatency >= SLOW_CALL_MS,
      },
    ];
  } finally {
    await shop.drop();
  }
}
