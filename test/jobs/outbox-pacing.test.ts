import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { enqueueNotification } from '../../src/notifications/notifications.repository.js';
import { OUTBOX_PRIORITY } from '../../src/notifications/notifications.schemas.js';
import { createHarness, type Harness } from '../bot/harness.js';
import { type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
useTestShop(async (created) => {
  ({ t, shop } = created);
  h = createHarness(shop);
});

const FIRST = 510_001;

/** `count` broadcast rows, queued as the broadcast service queues them. */
async function queueBroadcastRows(count: number): Promise<void> {
  const now = shop.clock.now();
  const payload = JSON.stringify({ broadcast_id: 1, text: 'Big sale', html: false });
  await t.db
    .insertInto('notification_outbox')
    .values(
      Array.from({ length: count }, (_, i) => ({
        chat_id: FIRST + i,
        kind: 'broadcast',
        payload,
        priority: OUTBOX_PRIORITY.broadcast,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .execute();
}

const broadcastSends = () =>
  h.fake.calls.filter((c) => c.method === 'sendMessage' && c.payload.text === 'Big sale');
const orderSends = () =>
  h.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.text).includes('PACE'));

describe('outbox pacing', () => {
  it('sends a broadcast at 25 messages a second and the shop’s own messages first, never behind it', async () => {
    const worker = createOutboxWorker(
      {
        api: h.bot.api,
        services: shop.services,
        config: h.config,
        logger: pino({ level: 'silent' }),
      },
      { batchSize: 500 },
    );
    await queueBroadcastRows(200);
    // Queued after the broadcast, delivered before it.
    await enqueueNotification(t.db, shop.clock.now(), FIRST, 'order_delivered', { code: 'PACEA1' });
    await enqueueNotification(t.db, shop.clock.now(), FIRST + 1, 'order_delivered', { code: 'PACEA2' });

    expect((await worker.runOnce()).sent).toBe(27);
    expect(h.fake.calls.slice(0, 2).map((c) => String(c.payload.text))).toEqual([
      expect.stringContaining('PACEA1'),
      expect.stringContaining('PACEA2'),
    ]);
    expect(broadcastSends()).toHaveLength(25);

    // The second is spent: no more broadcast messages, but an order message goes at once.
    expect((await worker.runOnce()).sent).toBe(0);
    await enqueueNotification(t.db, shop.clock.now(), FIRST + 2, 'order_delivered', { code: 'PACEB1' });
    expect((await worker.runOnce()).sent).toBe(1);
    expect(orderSends()).toHaveLength(3);
    expect(broadcastSends()).toHaveLength(25);

    // Later in the same second, still none; in the next second 25 more, shared by every worker sending at once
    // (each bot process has its own).
    shop.clock.advanceHours(0.5 / 3600);
    expect((await worker.runOnce()).sent).toBe(0);
    shop.clock.advanceHours(1 / 3600);
    const other = createOutboxWorker(
      { api: h.bot.api, services: shop.services, config: h.config, logger: pino({ level: 'silent' }) },
      { batchSize: 500 },
    );
    const passes = await Promise.all([worker.runOnce(), other.runOnce()]);
    expect(passes.reduce((n, pass) => n + pass.sent, 0)).toBe(25);
    expect(broadcastSends()).toHaveLength(50);
    const pending = await t.db
      .selectFrom('notification_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(200 - 50);
  });
});
