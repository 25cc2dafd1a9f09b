import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCartData } from '../../src/bot/callback-data/index.js';
import { createBot } from '../../src/bot/index.js';
import { createConfig } from '../../src/config.js';
import { MAX_BODY_BYTES, startWebhook, type Webhook } from '../../src/http/webhook.js';
import { createServices } from '../../src/services.js';
import { createUpdateClaims } from '../../src/updates/update-claims.js';
import { claimUpdate, finishUpdate } from '../../src/updates/updates.repository.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { newProduct, OWNER_ID, type TestShop, useTestShop } from '../support/shop.js';
import { callbackUpdate, textUpdate, tgUser } from '../support/updates.js';

const SECRET = 'webhook-secret-0123456789';
const URL_PATH = '/telegram/hook';
const CUSTOMERS = 100;
const ADDS = 9;

let shop: TestShop;
const fake = new FakeTelegram();
const handled: number[][] = [[], []];
const hooks: Webhook[] = [];

useTestShop(async (created) => {
  shop = created.shop;
  await shop.services.settings.set('reference_codes_enabled', 'false');
});

/** A bot process of its own (its own services and caches) on the shared database, serving the webhook. */
async function startProcess(index: number): Promise<Webhook> {
  const config = createConfig({ BOT_TOKEN: FAKE_TOKEN, OWNER_ID: String(OWNER_ID) });
  const logger = pino({ level: 'silent' });
  const services = createServices(shop.db, config, shop.clock);
  const observeUpdate = () => handled[index]?.push(1);
  const bot = createBot(
    config,
    { db: shop.db, services, logger, observeUpdate },
    { botInfo: BOT_INFO, rateLimit: false },
  );
  bot.api.config.use(recordingTransformer(fake));
  return startWebhook(bot, {
    url: `https://shop.example${URL_PATH}`,
    secret: SECRET,
    host: '127.0.0.1',
    port: 0,
    logger,
    allowedUpdates: ['message', 'callback_query'],
    register: false,
    claims: createUpdateClaims(shop.db),
  });
}

beforeAll(async () => {
  hooks.push(await startProcess(0), await startProcess(1));
});
afterAll(async () => {
  await Promise.all(hooks.map((hook) => hook.stop(1000)));
});

function post(hook: Webhook, body: string, headers: Record<string, string> = {}, path = URL_PATH) {
  return fetch(`http://127.0.0.1:${hook.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const deliver = (hook: Webhook, update: object) =>
  post(hook, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET });

/** Sends all updates, `parallel` at a time, each to a process chosen at random; every answer must be 200. */
async function deliverAll(updates: object[], parallel = 50): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < updates.length) {
      const update = updates[next++] as object;
      const response = await deliver(hooks[Math.random() < 0.5 ? 0 : 1] as Webhook, update);
      expect(response.status).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

describe('two webhook processes on one database', () => {
  it('handle 1,000 updates split between them once each, losing no cart line', async () => {
    const product = await newProduct(shop, { stock: 10_000 });
    const users = Array.from({ length: CUSTOMERS }, (_, i) => tgUser(700_000 + i));
    await deliverAll(users.map((user) => textUpdate(user, '/start')));
    const adds = users.flatMap((user) =>
      Array.from({ length: ADDS }, () =>
        callbackUpdate(user, addToCartData.pack({ product: product.id, qty: 1, dir: 'a', cursor: 0 })),
      ),
    );
    const before = fake.calls.length;
    await deliverAll(adds.sort(() => Math.random() - 0.5));

    expect((handled[0]?.length ?? 0) + (handled[1]?.length ?? 0)).toBe(CUSTOMERS * (ADDS + 1));
    expect(handled[0]?.length).toBeGreaterThan(0);
    expect(handled[1]?.length).toBeGreaterThan(0);
    // Every button press answered exactly once.
    const answered = fake.calls
      .slice(before)
      .filter((call) => call.method === 'answerCallbackQuery')
      .map((call) => String(call.payload.callback_query_id));
    expect(answered.length).toBe(adds.length);
    expect(new Set(answered).size).toBe(adds.length);
    const lines = await shop.db
      .selectFrom('cart_items')
      .select(['user_id', 'quantity'])
      .where('product_id', '=', product.id)
      .execute();
    expect(lines).toHaveLength(CUSTOMERS);
    expect(lines.every((line) => line.quantity === ADDS)).toBe(true);
    const joined = await shop.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '>=', 700_000)
      .executeTakeFirstOrThrow();
    expect(Number(joined.n)).toBe(CUSTOMERS);
  }, 120_000);
});

describe('forged webhook requests', () => {
  const forged = () => JSON.stringify(textUpdate(tgUser(799_001), '/start'));

  it('are refused with 401 without the secret or with a wrong one, and nothing is handled', async () => {
    const hook = hooks[0] as Webhook;
    const calls = fake.calls.length;
    const count = handled[0]?.length;
    expect((await post(hook, forged())).status).toBe(401);
    expect(
      (await post(hook, forged(), { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status,
    ).toBe(401);
    expect((await post(hook, forged(), { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).status).toBe(
      401,
    );
    expect(fake.calls.length).toBe(calls);
    expect(handled[0]?.length).toBe(count);
  });

  it('refuses a body larger than any update, garbage, other paths and methods', async () => {
    const hook = hooks[1] as Webhook;
    const count = handled[1]?.length;
    const secret = { 'x-telegram-bot-api-secret-token': SECRET };
    const huge = JSON.stringify({ update_id: 1, padding: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await post(hook, huge, secret)).status).toBe(413);
    expect((await post(hook, 'not json', secret)).status).toBe(400);
    expect((await post(hook, '{"no":"update_id"}', secret)).status).toBe(400);
    expect((await post(hook, forged(), secret, '/elsewhere')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${hook.port}${URL_PATH}`)).status).toBe(405);
    expect(handled[1]?.length).toBe(count);
  });
});

describe('updates Telegram sends again', () => {
  const total = () => (handled[0]?.length ?? 0) + (handled[1]?.length ?? 0);
  const addOne = (user: ReturnType<typeof tgUser>, productId: number) =>
    callbackUpdate(user, addToCartData.pack({ product: productId, qty: 1, dir: 'a', cursor: 0 }));
  const quantities = async (productId: number) =>
    (
      await shop.db.selectFrom('cart_items').select('quantity').where('product_id', '=', productId).execute()
    ).map((line) => line.quantity);

  it('are handled once when posted to both processes at once, and skipped when resent after', async () => {
    const product = await newProduct(shop, { stock: 1000 });
    const users = Array.from({ length: 40 }, (_, i) => tgUser(710_000 + i));
    await deliverAll(users.map((user) => textUpdate(user, '/start')));
    const adds = users.map((user) => addOne(user, product.id));
    const [before, calls] = [total(), fake.calls.length];

    const answers = await Promise.all(
      adds.map(async (update) => {
        const both = await Promise.all(hooks.map((hook) => deliver(hook, update)));
        return both.map((response) => response.status).sort();
      }),
    );
    // One of the two handled it (200); the other found it finished (200) or still in hand (503: try later).
    for (const pair of answers)
      expect([
        [200, 200],
        [200, 503],
      ]).toContainEqual(pair);
    expect(total() - before).toBe(adds.length);
    const answered = fake.calls.slice(calls).filter((call) => call.method === 'answerCallbackQuery');
    expect(answered).toHaveLength(adds.length);
    expect(await quantities(product.id)).toEqual(adds.map(() => 1));

    // Our 200s were "lost": Telegram sends everything again, to either process.
    const resent = fake.calls.length;
    await deliverAll(adds);
    expect(total() - before).toBe(adds.length);
    expect(fake.calls.length).toBe(resent);
    expect(await quantities(product.id)).toEqual(adds.map(() => 1));
  }, 60_000);

  it('refuses one still in hand elsewhere, then skips it once finished there', async () => {
    const product = await newProduct(shop, { stock: 10 });
    const user = tgUser(720_001);
    await deliver(hooks[0] as Webhook, textUpdate(user, '/start'));
    const update = addOne(user, product.id);
    await claimUpdate(shop.db, update.update_id, 'another-process', 60_000);
    const count = total();

    expect((await deliver(hooks[0] as Webhook, update)).status).toBe(503);
    expect((await deliver(hooks[1] as Webhook, update)).status).toBe(503);
    expect(total()).toBe(count);

    await finishUpdate(shop.db, update.update_id, 'another-process');
    expect((await deliver(hooks[1] as Webhook, update)).status).toBe(200);
    expect(total()).toBe(count);
    expect(await quantities(product.id)).toEqual([]);
  });

  it('handles again one whose process died before finishing it, once its claim lapsed', async () => {
    const product = await newProduct(shop, { stock: 10 });
    const user = tgUser(720_002);
    await deliver(hooks[0] as Webhook, textUpdate(user, '/start'));
    const update = addOne(user, product.id);
    // A claim that lapsed at once: the process that made it is gone.
    await claimUpdate(shop.db, update.update_id, 'dead-process', 0);
    const count = total();

    expect((await deliver(hooks[1] as Webhook, update)).status).toBe(200);
    expect(total()).toBe(count + 1);
    expect(await quantities(product.id)).toEqual([1]);
    expect((await deliver(hooks[0] as Webhook, update)).status).toBe(200);
    expect(total()).toBe(count + 1);
    expect(await quantities(product.id)).toEqual([1]);
  });
});
