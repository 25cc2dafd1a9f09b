import { describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notifications/notifications.repository.js';
import { useTestShop } from '../support/shop.js';
import { type CliShop, createCliShop } from './support/cli.js';

let shop: CliShop;
useTestShop((created) => {
  ({ shop } = created);
}, createCliShop);

const statuses = () =>
  shop.db.selectFrom('notification_outbox').select(['id', 'status', 'attempts']).orderBy('id').execute();

describe('shopctl outbox', () => {
  it('lists failed messages with their error and queues them again, one or all', async () => {
    for (const code of ['OUTAAA', 'OUTBBB', 'OUTCCC'])
      await enqueueNotification(shop.db, shop.clock.now(), 90_001, 'order_delivered', { code });
    const [a, b, c] = await statuses();
    await shop.db
      .updateTable('notification_outbox')
      .set({ status: 'failed', attempts: 8, last_error: '400: Bad Request: chat not found' })
      .where('id', 'in', [a?.id ?? 0, b?.id ?? 0])
      .execute();
    await shop.db
      .insertInto('shop_alerts')
      .values({ name: 'outbox_failing', raised_at: shop.clock.now() })
      .execute();

    const failed = await shop.run(['outbox', 'list', '--failed', '--json']);
    expect(failed.json().map((r: { id: number; last_error: string }) => [r.id, r.last_error])).toEqual([
      [b?.id, '400: Bad Request: chat not found'],
      [a?.id, '400: Bad Request: chat not found'],
    ]);
    expect((await shop.run(['outbox', 'list'])).stdout).toContain('order_delivered');

    const one = await shop.run(['outbox', 'retry', String(a?.id)]);
    expect(one.stdout).toBe('1 message(s) queued again; the bot sends them within seconds.\n');
    expect((await statuses()).map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['failed', 8],
      ['pending', 0],
    ]);
    // Retrying re-arms the staff alert for the next time messages start failing.
    expect(await shop.db.selectFrom('shop_alerts').selectAll().execute()).toEqual([]);

    const pending = await shop.run(['outbox', 'retry', String(c?.id)]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain('is pending, not failed');
    const all = await shop.run(['outbox', 'retry', '--all-failed', '--json']);
    expect(all.json()).toEqual({ requeued: 1 });
    expect((await statuses()).every((r) => r.status === 'pending')).toBe(true);
    expect((await shop.run(['outbox', 'list', '--failed'])).stdout).toBe('No message has failed.\n');
  });

  it('refuses a missing or doubled target with a usage error', async () => {
    for (const args of [
      ['outbox', 'retry'],
      ['outbox', 'retry', '5', '--all-failed'],
      ['outbox', 'retry', 'x'],
    ]) {
      const result = await shop.run(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = await shop.run(['outbox', 'retry', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No outbox message "999999"/);
  });
});
