import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/shared/money.js';
import { FAKE_TOKEN, startFakeBotApi } from '../support/fake-bot-api.js';
import {
  ADMIN_ID,
  newCustomer,
  newProduct,
  OWNER_ID,
  orderOf,
  productRow,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop, outboxFor } from './support/cli.js';

const ADDRESSES = [
  'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
  '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
];

let t: TestDatabase;
let shop: CliShop;
useTestShop((created) => {
  ({ t, shop } = created);
}, createCliShop);

describe('refcode', () => {
  it('creates codes with limits, lists them and disables one', async () => {
    const created = await shop.run([
      'refcode',
      'create',
      '--expires-hours',
      '48',
      '--max-uses',
      '3',
      '--note',
      'for Bob',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const code = created.json();
    expect(code).toMatchObject({
      state: 'active',
      uses: 0,
      max_uses: 3,
      note: 'for Bob',
      expires_at: shop.clock.inHours(48).toISOString(),
    });
    const plain = await shop.run(['refcode', 'create']);
    expect(plain.stdout).toMatch(/^[A-Z2-9]{8}\n$/);

    const disabled = await shop.run([
      'refcode',
      'disable',
      code.code.toLowerCase(),
      '--reason',
      'leaked',
      '--yes',
      '--json',
    ]);
    expect(disabled.json()).toMatchObject({ code: code.code, state: 'disabled', disabled_reason: 'leaked' });

    const active = (await shop.run(['refcode', 'list', '--active-only', '--json'])).json();
    expect(active.map((c: { code: string }) => c.code)).toEqual([plain.stdout.trim()]);
    const all = (await shop.run(['refcode', 'list', '--json'])).json();
    expect(all.map((c: { code: string }) => c.code)).toContain(code.code);
    expect((await shop.run(['refcode', 'list'])).stdout).toContain('disabled');
    expect((await shop.run(['refcode', 'create', '--max-uses', 'lots'])).code).toBe(2);
    expect((await shop.run(['refcode', 'disable', 'NOPE', '--yes'])).code).toBe(1);
  });

  it('prints the link to share when the bot is known, asking Telegram for its username only once', async () => {
    const api = await startFakeBotApi();
    try {
      const withBot = createCliShop(t.db, { BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url });
      const first = await withBot.run(['refcode', 'create']);
      const [code, link] = first.stdout.trim().split('\n');
      expect(link).toBe(`https://t.me/test_shop_bot?start=${code}`);
      const second = (await withBot.run(['refcode', 'create', '--json'])).json();
      expect(second.link).toBe(`https://t.me/test_shop_bot?start=${second.code}`);
      expect(api.fake.calls.filter((c) => c.method === 'getMe')).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});

describe('btc', () => {
  it('adds addresses from arguments, reporting invalid ones by position with exit 1', async () => {
    const result = await shop.run(['btc', 'add', ADDRESSES[0] as string, 'not-an-address', '--json']);
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({ added: 1, known: 0, invalid: [{ line: 2, text: 'not-an-address' }] });
    expect(result.stderr).toContain('argument 2: not-an-address');
    const again = await shop.run(['btc', 'add', ADDRESSES[0] as string]);
    expect(again).toMatchObject({ code: 0, stdout: 'Added 0 address(es); 1 already in the pool.\n' });
  });

  it('adds addresses from a file and from the watched file, with line numbers for bad lines', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'shopctl-btc-'));
    const file = join(dir, 'addresses.txt');
    await writeFile(file, `# pool\n${ADDRESSES[1]}\n\nbroken\n`);
    const fromFile = await shop.run(['btc', 'add', '--file', file]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toBe('Added 1 address(es).\n');
    expect(fromFile.stderr).toContain('line 4: broken');

    const watched = join(dir, 'watched.txt');
    await writeFile(watched, `${ADDRESSES[2]}\n`);
    const synced = createCliShop(t.db, { BTC_ADDRESSES_FILE: watched });
    expect((await synced.run(['btc', 'sync', '--json'])).json()).toEqual({ added: 1, known: 0, invalid: [] });
    const missing = createCliShop(t.db, { BTC_ADDRESSES_FILE: join(dir, 'gone.txt') });
    expect((await missing.run(['btc', 'sync'])).code).toBe(1);

    const listed = (await shop.run(['btc', 'list', '--json'])).json();
    expect(listed.map((a: { address: string }) => a.address)).toEqual([
      ADDRESSES[0],
      ADDRESSES[1],
      ADDRESSES[2],
    ]);
  });

  it('lists assigned addresses only with --all', async () => {
    const customer = await newCustomer(shop);
    const product = await newProduct(shop);
    const order = await orderOf(shop, customer, product.id, 1, 'btc');
    const free = (await shop.run(['btc', 'list', '--json'])).json();
    expect(free.map((a: { address: string }) => a.address)).not.toContain(order.btc_address);
    const all = (await shop.run(['btc', 'list', '--all', '--json'])).json();
    const human = await shop.run(['btc', 'list', '--all']);
    expect(human.stdout).toContain(order.code);
    expect(human.stdout).toMatch(/\d+ free, \d+ assigned\./);
    expect(all.find((a: { address: string }) => a.address === order.btc_address)).toMatchObject({
      status: 'assigned',
      order: order.code,
    });
  });
});

describe('settings', () => {
  it('lists, gets and sets settings, validated per key', async () => {
    const list = (await shop.run(['settings', 'list', '--json'])).json();
    expect(list.find((s: { key: string }) => s.key === 'timezone')).toMatchObject({
      value: 'UTC',
      default: true,
    });
    expect((await shop.run(['settings', 'list'])).stdout).toMatch(/timezone\s*│ UTC \(default\)/);
    expect((await shop.run(['settings', 'set', 'btc_rate', '65000.5'])).stdout).toBe('btc_rate = 65000.50\n');
    expect((await shop.run(['settings', 'get', 'btc_rate', '--json'])).json()).toMatchObject({
      key: 'btc_rate',
      value: '65000.50',
    });
    expect((await shop.run(['settings', 'get', 'cash_order_timeout_hours'])).stdout).toBe('24\n');

    const bad = await shop.run(['settings', 'set', 'cash_order_timeout_hours', '500']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'Setting cash_order_timeout_hours must be a whole number from 1 to 168.\n',
    });
    expect((await shop.run(['settings', 'get', 'nonsense'])).code).toBe(2);
    expect(await shop.services.settings.get('cash_order_timeout_hours')).toBe(24);
  });
});

describe('user', () => {
  it('lists and shows users, bans and unbans (also through the top-level aliases) and sets roles', async () => {
    const id = await newCustomer(shop);
    const listed = (await shop.run(['user', 'list', '--json'])).json();
    expect(listed.map((u: { telegram_id: number }) => u.telegram_id)).toContain(id);
    const shown = (await shop.run(['user', 'show', String(id), '--json'])).json();
    expect(shown).toMatchObject({
      telegram_id: id,
      role: 'user',
      banned: false,
      orders: 0,
      bonus_balance: '0.00',
    });

    expect((await shop.run(['user', 'show', String(id)])).stdout).toMatch(/Bonus balance\s*│ \$0\.00/);
    expect((await shop.run(['user', 'list'])).stdout).toContain(`@user${id}`);
    const banned = await shop.run([
      'user',
      'ban',
      String(id),
      '--reason',
      'abuse',
      '--notify',
      '--yes',
      '--json',
    ]);
    expect(banned.json()).toMatchObject({ banned: true, ban_reason: 'abuse' });
    expect(
      (await shop.run(['user', 'list', '--banned', '--json']))
        .json()
        .map((u: { telegram_id: number }) => u.telegram_id),
    ).toEqual([id]);
    await shop.run(['unban', String(id)]);
    expect((await shop.services.users.get(id)).banned_at).toBeNull();
    await shop.run(['ban', String(id), '--yes']);
    expect((await shop.services.users.get(id)).banned_at).not.toBeNull();
    await shop.run(['user', 'unban', String(id), '--notify']);
    expect((await outboxFor(t.db, id)).map((m) => m.kind)).toEqual(['user_banned', 'user_unbanned']);

    expect((await shop.run(['user', 'role', String(id), 'admin', '--json'])).json().role).toBe('admin');
    expect((await shop.run(['user', 'show', String(id), '--json'])).json().staff_via).toBe('user role');
    expect((await shop.run(['user', 'show', String(id)])).stdout).toMatch(/Role\s*│ admin \(user role\)/);
    // ADMIN_IDS members are stored as customers and shown as admins, with where that comes from.
    await shop.services.users.join({ telegramId: ADMIN_ID });
    const staff = (await shop.run(['user', 'list', '--json'])).json() as { telegram_id: number }[];
    expect(staff.find((u) => u.telegram_id === ADMIN_ID)).toMatchObject({
      role: 'user',
      staff_via: 'ADMIN_IDS',
    });
    expect((await shop.run(['user', 'list'])).stdout).toContain('admin (ADMIN_IDS)');
    expect((await shop.run(['user', 'role', String(id), 'owner'])).code).toBe(2);
    const demoted = await shop.run(['user', 'role', String(id), 'customer']);
    expect(demoted.stdout).toBe(`@user${id} (${id}) is now a customer.\n`);
    expect((await shop.services.users.get(id)).role).toBe('user');
    await shop.services.users.join({ telegramId: OWNER_ID, firstName: 'Boss' });
    const demoteOwner = await shop.run(['user', 'role', String(OWNER_ID), 'customer']);
    expect([demoteOwner.code, demoteOwner.stderr]).toEqual([
      1,
      'The owner role cannot be changed; it follows OWNER_ID.\n',
    ]);
    expect((await shop.run(['user', 'ban', String(OWNER_ID), '--yes'])).code).toBe(1);
    expect(await shop.services.users.get(OWNER_ID)).toMatchObject({ role: 'owner', banned_at: null });
    expect((await shop.run(['user', 'show', '12345678'])).code).toBe(1);
    expect((await shop.run(['user', 'show', 'bob'])).code).toBe(2);
  });
  it('ban cancels the reserved orders and names them; confirmed ones stay', async () => {
    const id = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 5 });
    const reserved = await orderOf(shop, id, product.id, 2);
    const confirmed = await orderOf(shop, id, product.id, 1);
    await shop.services.orders.confirm(confirmed.code);
    const result = await shop.run(['user', 'ban', String(id), '--yes']);
    expect(result.stdout).toBe(
      `@user${id} (${id}) is banned. Reserved orders cancelled: ${reserved.code}.\n`,
    );
    expect((await shop.services.orders.get(reserved.code)).status).toBe('cancelled');
    expect((await shop.services.orders.get(confirmed.code)).status).toBe('confirmed');
    expect(await productRow(shop, product.id)).toMatchObject({ reserved_quantity: 1 });
    expect((await shop.run(['user', 'ban', String(id), '--yes', '--json'])).json().cancelled_orders).toEqual(
      [],
    );
  });
});

describe('reservations and stats', () => {
  it('expires overdue reservations in one pass', async () => {
    const customer = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 3 });
    const order = await orderOf(shop, customer, product.id, 2);
    expect((await shop.run(['reservations', 'expire', '--json'])).json().expired).not.toContain(order.code);
    shop.clock.advanceHours(25);
    const pass = await shop.run(['reservations', 'expire', '--json']);
    expect(pass.json()).toMatchObject({ ran: true, expired: expect.arrayContaining([order.code]) });
    expect((await shop.services.orders.get(order.code)).status).toBe('expired');
    expect((await shop.run(['reservations', 'expire'])).stdout).toBe('No reservation is overdue.\n');
  });

  it('summarises orders, revenue, stock value, customers and the BTC pool', async () => {
    const before = (await shop.run(['stats', '--json'])).json();
    const customer = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 4, price: 1000 });
    const order = await orderOf(shop, customer, product.id, 1);
    await shop.services.orders.confirm(order.code);
    await shop.services.orders.deliver(order.code);
    const after = (await shop.run(['stats', '--json'])).json();
    const cents = (text: string) => parseMoney(text, 'USD') as number;
    expect(cents(after.revenue_delivered) - cents(before.revenue_delivered)).toBe(1000);
    expect(cents(after.stock_value) - cents(before.stock_value)).toBe(3000);
    expect(after.orders.delivered - before.orders.delivered).toBe(1);
    expect(after.customers - before.customers).toBe(1);
    expect(after.btc_addresses_available).toBe((await shop.services.btc.counts()).available);
    expect((await shop.run(['stats'])).stdout).toContain('Revenue delivered');
  });
});
