import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../src/shared/time.js';
import { newCustomer, newProduct, orderOf, useTestShop } from '../support/shop.js';
import { type CliShop, createCliShop } from './support/cli.js';

let shop: CliShop;
useTestShop((created) => {
  shop = created.shop;
}, createCliShop);

describe('order note', () => {
  it('keeps staff-only notes shown by order show, once per repeated text', async () => {
    const product = await newProduct(shop);
    const order = await orderOf(shop, await newCustomer(shop), product.id);
    const first = await shop.run(['order', 'note', order.code.toLowerCase(), 'Rang twice, <no> answer']);
    expect([first.code, first.stdout]).toEqual([0, 'Note added.\n']);
    const again = await shop.run(['order', 'note', order.code, 'Rang twice, <no> answer']);
    expect(again.stdout).toContain('nothing added');
    await shop.run(['order', 'note', order.code, 'Leave at the neighbour']);

    const shown = (await shop.run(['order', 'show', order.code, '--json'])).json();
    expect(shown.staff_notes.map((n: { text: string }) => n.text)).toEqual([
      'Rang twice, <no> answer',
      'Leave at the neighbour',
    ]);
    expect((await shop.run(['order', 'show', order.code])).stdout).toContain('Leave at the neighbour');
    // The customer is told nothing about notes.
    const outbox = await shop.db
      .selectFrom('notification_outbox')
      .select('payload')
      .where('chat_id', '=', order.user_id)
      .execute();
    expect(outbox.map((r) => r.payload).join()).not.toContain('neighbour');

    expect((await shop.run(['order', 'note', 'ZZZZZZ', 'x'])).code).toBe(1);
    expect((await shop.run(['order', 'note', order.code, '   '])).code).toBe(1);
    expect((await shop.run(['order', 'note', order.code], { interactive: false })).code).toBe(2);
  });
});

describe('stats by period', () => {
  it('counts orders, deliveries, revenue and new customers per local day and week', async () => {
    // A zone half an hour off UTC: periods must follow the shop's days, not UTC's.
    await shop.services.settings.set('timezone', 'Asia/Kolkata');
    const zone = 'Asia/Kolkata';
    const now = shop.clock.now();
    const product = await newProduct(shop, { price: 1000, stock: 50 });
    const placeAt = async (hoursAgo: number, deliver: boolean) => {
      shop.clock.current = new Date(now.getTime() - hoursAgo * 3_600_000);
      const order = await orderOf(shop, await newCustomer(shop), product.id, 2);
      if (deliver) {
        await shop.services.orders.confirm(order.code);
        await shop.services.orders.deliver(order.code);
      }
      shop.clock.current = now;
      return formatLocalDateTime(new Date(now.getTime() - hoursAgo * 3_600_000), zone).slice(0, 10);
    };
    const totalOf = async (args: string[]) => (await shop.run(['stats', ...args, '--json'])).json().total;
    const [dayBase, weekBase] = [
      await totalOf(['--since', '7d']),
      await totalOf(['--since', '3w', '--by', 'week']),
    ];
    const threeDaysAgo = await placeAt(72, true);
    await placeAt(72, false);
    await placeAt(24 * 10, true);

    const byDay = await shop.run(['stats', '--since', '7d', '--by', 'day', '--json']);
    expect(byDay.code).toBe(0);
    const days = byDay.json();
    expect(days.time_zone).toBe(zone);
    expect(days.periods.length).toBeGreaterThanOrEqual(7);
    expect(days.periods.at(-1).start).toBe(formatLocalDateTime(now, zone).slice(0, 10));
    expect(days.periods.find((p: { start: string }) => p.start === threeDaysAgo)).toMatchObject({
      orders: 2,
      delivered: 1,
      lost: 0,
      revenue: '20.00',
      customers: 2,
    });
    expect(days.total).toMatchObject({ orders: dayBase.orders + 2, delivered: dayBase.delivered + 1 });

    const weeks = (await shop.run(['stats', '--since', '3w', '--by', 'week', '--json'])).json();
    expect(weeks.total).toMatchObject({ orders: weekBase.orders + 3, delivered: weekBase.delivered + 2 });
    expect(Number(weeks.total.revenue) - Number(weekBase.revenue)).toBe(40);
    for (const p of weeks.periods) expect(new Date(`${p.start}T00:00:00Z`).getUTCDay()).toBe(1);

    const table = (await shop.run(['stats', '--since', '7d'])).stdout;
    expect(table).toContain(`Day (${zone})`);
    expect(table).toMatch(new RegExp(`${threeDaysAgo}\\W+2\\W+1\\W+0\\W+\\$20\\.00\\W+2`));
    expect((await shop.run(['stats', '--by', 'month'])).code).toBe(2);
    expect((await shop.run(['stats', '--since', 'yesterday'])).code).toBe(2);
    await shop.services.settings.set('timezone', 'UTC');
  });
});

describe('inventory log', () => {
  it('pages the movements with a footer', async () => {
    const product = await newProduct(shop, { stock: 1 });
    for (let i = 0; i < 4; i++)
      await shop.services.inventory.adjust(product.id, 'add', 1, { reason: `r${i}` });
    const all = (await shop.run(['inventory', 'log', String(product.id), '--json'])).json();
    expect(all).toHaveLength(5);
    const second = await shop.run(['inventory', 'log', String(product.id), '--limit', '2', '--page', '2']);
    expect(second.stdout).toContain('showing 3-4 of 5');
    const page = (
      await shop.run(['inventory', 'log', String(product.id), '--limit', '2', '--page', '2', '--json'])
    ).json();
    expect(page.map((e: { id: number }) => e.id)).toEqual(all.slice(2, 4).map((e: { id: number }) => e.id));
    expect((await shop.run(['inventory', 'log', '--page', '0'])).code).toBe(2);
  });
});
