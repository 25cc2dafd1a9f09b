import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Message, User } from 'grammy/types';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutData } from '../../src/bot/callback-data/index.js';
import type { Db } from '../../src/db/connection.js';
import { ROOT } from '../support/build.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { createTestShop, newProduct, OWNER_ID } from '../support/shop.js';
import { childEnv, scratchDir } from '../support/subprocess.js';
import { callbackUpdate, tgUser } from '../support/updates.js';
import { catchUp, nodeUrls, poolsOnNodes } from './nodes.js';

/**
 * Two bot processes as shipped (`node dist/src/main.js`), on different Galera nodes, each fed by its own fake
 * Bot API: 1,000 customers with a full cart press through checkout at once, for 5 units in stock.
 */

const CUSTOMERS = 1_000;
const STOCK = 5;
const FIRST_ID = 700_001;

let dbs: Db[];
let apis: FakeBotApiServer[] = [];
let bots: { child: ChildProcess; output: () => string }[] = [];

beforeAll(() => {
  dbs = poolsOnNodes(5);
});
afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all(apis.map((api) => api.close()));
  await Promise.all(dbs.map((db) => db.destroy()));
});

async function startBot(url: string, api: FakeBotApiServer) {
  const dir = await scratchDir();
  const env = {
    DATABASE_URL: url,
    BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.url,
    OWNER_ID: String(OWNER_ID),
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: dir,
    env: childEnv(dir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** The customers, each with a saved address and one unit of the product in the cart, as if they shopped before. */
async function seedCustomers(db: Db, productId: number) {
  const ids = `seq_${FIRST_ID}_to_${FIRST_ID + CUSTOMERS - 1}`;
  await sql`insert into users (id, first_name) select seq, 'Shopper' from ${sql.raw(ids)}`.execute(db);
  await sql`insert into customer_profiles (user_id, delivery_address, delivery_phone)
    select seq, '1 Test Street, Testville', '+15550100000' from ${sql.raw(ids)}`.execute(db);
  await sql`insert into cart_items (user_id, product_id, quantity)
    select seq, ${productId}, 1 from ${sql.raw(ids)}`.execute(db);
}

describe('two bot processes on two Galera nodes', () => {
  it('take 1,000 concurrent checkouts for 5 units: exactly 5 orders, no reservation leaked', async () => {
    const seeder = createTestShop(dbs[0] as Db);
    await seeder.services.settings.set('reference_codes_enabled', 'false');
    const product = await newProduct(seeder, { stock: STOCK });
    await seedCustomers(seeder.db, product.id);
    await catchUp(dbs);

    const urls = nodeUrls();
    apis = await Promise.all([startFakeBotApi(), startFakeBotApi()]);
    bots = await Promise.all(apis.map((api, i) => startBot(urls[i] as string, api)));

    // Odd customers write to the first process, even ones to the second. Every customer's presses arrive in
    // order; all customers reach each step together, so the 1,000 confirmations race across both nodes.
    const customers: User[] = Array.from({ length: CUSTOMERS }, (_, i) => tgUser(FIRST_ID + i));
    const lastUpdate = [0, 0];
    for (const step of ['start', 'saved', 'cod', 'ok'] as const) {
      customers.forEach((user, i) => {
        const chat = { id: user.id, type: 'private', first_name: 'Shopper' };
        const message = { message_id: 1, date: 0, chat, text: 'cart' } as Message;
        const update = callbackUpdate(user, checkoutData.pack({ step }), message);
        apis[i % 2]?.push(update);
        lastUpdate[i % 2] = update.update_id;
      });
    }
    // A process confirms an update (asks for the ones after it) only once it handled it.
    const deadline = Date.now() + 200_000;
    while (apis.some((api, i) => api.confirmedOffset() <= (lastUpdate[i] ?? 0))) {
      if (Date.now() > deadline) {
        throw new Error(`the bots did not finish:\n${bots.map((b) => b.output()).join('\n---\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const bot of bots) bot.child.kill('SIGTERM');
    const codes = await Promise.all(bots.map((bot) => once(bot.child, 'exit').then(([code]) => code)));
    expect(codes).toEqual([0, 0]);

    await catchUp(dbs);
    const orders = await sql<{ code: string; status: string; quantity: number }>`
      select o.code, o.status, i.quantity from orders o join order_items i on i.order_id = o.id
      where i.product_id = ${product.id}`.execute(dbs[1] as Db);
    expect(orders.rows).toHaveLength(STOCK);
    expect(orders.rows.every((o) => o.status === 'reserved' && o.quantity === 1)).toBe(true);
    for (const db of dbs) {
      const row = await db
        .selectFrom('products')
        .select(['stock_quantity', 'reserved_quantity'])
        .where('id', '=', product.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ stock_quantity: STOCK, reserved_quantity: STOCK });
    }
    // Every customer heard back: the winners that their order is placed, the rest that it is out of stock.
    const texts = apis.flatMap((api) => api.fake.calls).map((c) => String(c.payload.text ?? ''));
    const placed = texts.filter((text) => /Order [A-Z]{6} placed!/.test(text) && !text.includes('New order'));
    expect(new Set(placed.map((text) => /Order ([A-Z]{6})/.exec(text)?.[1]))).toEqual(
      new Set(orders.rows.map((o) => o.code)),
    );
    expect(texts.filter((text) => text.includes('something went wrong'))).toEqual([]);
  });
});
