import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { createServices } from '../../src/services.js';
import { createHarness } from '../bot/harness.js';
import { FakeTelegram } from '../support/fake-bot-api.js';
import { newCustomer, newProduct, orderOf, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

const FIRST = 300_001;
const CUSTOMERS = 1000;

async function addCustomers(): Promise<number[]> {
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => FIRST + i);
  for (let i = 0; i < ids.length; i += 250) {
    await t.db
      .insertInto('users')
      .values(ids.slice(i, i + 250).map((id) => ({ id, first_name: `C${id}`, created_at: shop.clock.now() })))
      .execute();
  }
  return ids;
}

describe('broadcast', () => {
  it('reaches 1,000 customers once each across an interrupted run, and reports delivered and blocked', async () => {
    const ids = await addCustomers();
    const banned = await newCustomer(shop);
    await shop.services.users.ban(banned, null, false);
    const earlierBlocked = FIRST + 7;
    await t.db
      .updateTable('users')
      .set({ blocked_bot_at: shop.clock.now() })
      .where('id', '=', earlierBlocked)
      .execute();

    const dry = await shop.run(['broadcast', 'send', 'Sale <today> & tomorrow', '--dry-run', '--json']);
    const audience = dry.json().recipients;
    expect(audience).toBeGreaterThanOrEqual(CUSTOMERS - 1);

    // A run that died after three batches: those are queued with the cursor, the rest is not.
    const id = await shop.services.broadcasts.create('Sale <today> & tomorrow', false, { audience: 'all' });
    for (let i = 0; i < 3; i++) await shop.services.broadcasts.queueNext(id, 100);
    expect((await shop.services.broadcasts.report(id)).recipients).toBe(300);

    // Two resumes at once (a second process after the crash) still queue each customer once.
    const again = createServices(t.db, shop.config, shop.clock);
    await Promise.all([
      shop.run(['broadcast', 'resume', '--json']),
      again.broadcasts.queueNext(id, 50).then(() => again.broadcasts.queueNext(id, 50)),
    ]);
    const queued = await t.db
      .selectFrom('notification_outbox')
      .select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', 'broadcast')
      .groupBy('chat_id')
      .execute();
    expect(queued).toHaveLength(audience);
    expect(queued.every((r) => Number(r.n) === 1)).toBe(true);
    const chats = new Set(queued.map((r) => Number(r.chat_id)));
    expect(chats.has(banned) || chats.has(earlierBlocked)).toBe(false);

    // Delivery: some customers have blocked the bot since.
    const fake = new FakeTelegram();
    const blockers = ids.filter((_, i) => i % 97 === 3);
    for (const chatId of blockers)
      fake.fail({
        method: 'sendMessage',
        chatId,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    const h = createHarness(shop, {}, fake);
    const worker = createOutboxWorker(
      {
        api: h.bot.api,
        services: shop.services,
        config: h.config,
        logger: pino({ level: 'silent' }),
      },
      { batchSize: 100 },
    );
    // A second of the shop's clock per pass: the worker paces broadcasts to 25 messages a second.
    for (let pass = 0; pass < 100 && (await shop.services.broadcasts.report(id)).pending > 0; pass++) {
      const before = fake.calls.length;
      await worker.runOnce();
      expect(fake.calls.length - before).toBeLessThanOrEqual(25);
      shop.clock.advanceHours(1 / 3600);
    }

    const sends = fake.calls.filter((c) => c.method === 'sendMessage' && !c.failed);
    expect(sends).toHaveLength(audience - blockers.length);
    expect(new Set(sends.map((c) => Number(c.payload.chat_id))).size).toBe(sends.length);
    expect(sends[0]?.payload.text).toBe('Sale &lt;today&gt; &amp; tomorrow');

    const status = await shop.run(['broadcast', 'status', String(id), '--json']);
    expect(status.json()).toMatchObject({
      id,
      status: 'queued',
      recipients: audience,
      delivered: audience - blockers.length,
      blocked: blockers.length,
      failed: 0,
      pending: 0,
    });
    expect((await shop.run(['broadcast', 'resume'])).stdout).toContain('No broadcast was left half queued');
  });

  it('targets buyers of a product, checks the text and refuses conflicting audiences', async () => {
    const product = await newProduct(shop);
    const buyer = await newCustomer(shop);
    await orderOf(shop, buyer, product.id);
    const dry = await shop.run(['broadcast', 'send', '--bought', String(product.id), '--dry-run', '--json']);
    expect(dry.json()).toEqual({ recipients: 1 });
    const sent = await shop.run([
      'broadcast',
      'send',
      '<b>Back in stock</b>',
      '--html',
      '--bought',
      product.name,
      '--yes',
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/Recipients\W+1/);
    const [row] = await t.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', buyer)
      .where('kind', '=', 'broadcast')
      .execute();
    expect(JSON.parse(row?.payload ?? '{}')).toMatchObject({ text: '<b>Back in stock</b>', html: true });

    const tooLong = await shop.run(['broadcast', 'send', '<'.repeat(1100), '--yes']);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('4096');
    expect((await shop.run(['broadcast', 'send', 'x', '--bought', '1', '--active-since', '7d'])).code).toBe(
      2,
    );
    expect((await shop.run(['broadcast', 'send', 'hi'], { interactive: false })).code).not.toBe(0);
    expect((await shop.run(['broadcast', 'status', '99999'])).code).toBe(1);
  });
});
