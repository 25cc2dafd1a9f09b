import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { newCustomer, newProduct, orderOf } from '../support/shop.js';
import { scratchDir, shopctl } from '../support/subprocess.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

const VALID_TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij';
const NOWHERE = 'mysql://shop:secret@127.0.0.1:1/shop';

let t: TestDatabase;
let shop: CliShop;
let cwd: string;
beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase();
  shop = createCliShop(t.db);
  cwd = await scratchDir();
}, 240_000);
afterAll(() => t.drop());

/** The text of every file of the project's dist/ that a traced run loaded. */
async function loadedSources(trace: string): Promise<string> {
  const urls = (await readFile(trace, 'utf8')).split('\n').filter((url) => url.includes('/dist/'));
  const texts = await Promise.all(urls.map((url) => readFile(new URL(url), 'utf8')));
  return texts.join('\n');
}

const cli = (args: string[], env: Record<string, string> = {}) =>
  shopctl(args, { databaseUrl: t.url, cwd, env });

describe('the launcher', () => {
  it('prints help quickly without loading the database layer', async () => {
    const trace = join(cwd, 'help-trace.txt');
    await writeFile(trace, '');
    const nodeArgs = ['--import', new URL('./support/load-trace.mjs', import.meta.url).href];
    const help = await shopctl(['--help'], {
      cwd,
      databaseUrl: NOWHERE,
      nodeArgs,
      env: { SHOPCTL_LOAD_TRACE: trace },
    });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: shopctl');
    expect(help.stdout).toContain('reservations');
    // shopctl runs from a bundle whose chunks keep a comment naming each module inside: read what was loaded.
    expect(await loadedSources(trace)).toContain('// src/cli/main.js');
    expect(await loadedSources(trace)).not.toMatch(/kysely|mysql2|src\/db\/|src\/services\.js|@inquirer/);

    // The same trace does see the database layer when a command needs it, so the check above can fail.
    const used = join(cwd, 'used-trace.txt');
    await writeFile(used, '');
    await shopctl(['category', 'list'], {
      cwd,
      databaseUrl: t.url,
      nodeArgs,
      env: { SHOPCTL_LOAD_TRACE: used },
    });
    expect(await loadedSources(used)).toMatch(/node_modules\/kysely/);
  });

  it('exits 2 for usage errors before touching the database', async () => {
    const missing = await shopctl(['order', 'confirm'], { cwd, databaseUrl: NOWHERE });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('Missing the order code; pass it on the command line.\n');
    const unknown = await shopctl(['order', 'frobnicate'], { cwd, databaseUrl: NOWHERE });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("Unknown command 'frobnicate'.\nAdd --help for usage.\n");
    const typo = await shopctl(['ordr', 'list'], { cwd, databaseUrl: NOWHERE });
    expect(typo).toMatchObject({ code: 2, stderr: "Unknown command 'ordr'.\nDid you mean order?\n" });
    const version = await shopctl(['--version'], { cwd, databaseUrl: NOWHERE });
    expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    const badFlag = await shopctl(['order', 'list', '--limit', 'ten'], { cwd, databaseUrl: NOWHERE });
    expect(badFlag).toMatchObject({ code: 2, stderr: '--limit must be a whole number of 1 or more.\n' });
  });

  it('exits 1 with one sentence when the database cannot be reached; --verbose adds the stack', async () => {
    const quiet = await shopctl(['category', 'list'], { cwd, databaseUrl: NOWHERE });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/^The database could not be reached: .*ECONNREFUSED.*\n$/);
    expect(quiet.stderr.split('\n')).toHaveLength(2);
    const loud = await shopctl(['category', 'list', '--verbose'], { cwd, databaseUrl: NOWHERE });
    expect(loud.stderr).toMatch(/\n\s+at /);
  });

  it('exits 1 on a configuration error', async () => {
    const result = await cli(['stats'], { SHOP_CURRENCY: 'XYZ' });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('Invalid configuration: SHOP_CURRENCY is not a known ISO 4217 currency.\n');
  });
});

describe('against a database', () => {
  it('migrates a fresh database: status, migrate, and automatically on first use', async () => {
    const fresh = await createEmptyDatabase();
    try {
      const on = (args: string[]) => shopctl(args, { cwd, databaseUrl: fresh.url });
      const before = (await on(['db', 'status', '--json'])).stdout;
      const pending = JSON.parse(before).pending;
      expect(pending).toBeGreaterThan(0);
      const migrated = await on(['db', 'migrate', '--json']);
      expect(migrated.code).toBe(0);
      expect(JSON.parse(migrated.stdout).applied).toHaveLength(pending);
      expect(JSON.parse((await on(['db', 'status', '--json'])).stdout).pending).toBe(0);
      expect((await on(['db', 'migrate'])).stdout).toBe('The database is up to date.\n');
    } finally {
      await fresh.drop();
    }
    const other = await createEmptyDatabase();
    try {
      const added = await shopctl(['category', 'add', 'Tea', '--json'], { cwd, databaseUrl: other.url });
      expect(added.code).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ name: 'Tea' });
    } finally {
      await other.drop();
    }
  });

  it('prints exactly one JSON document with --json, and the change is in the database', async () => {
    const customer = await newCustomer(shop);
    const product = await newProduct(shop, { stock: 3 });
    const order = await orderOf(shop, customer, product.id, 2);
    const result = await cli(['order', 'confirm', order.code.toLowerCase(), '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ code: order.code, status: 'confirmed', subtotal: '25.00', currency: 'USD' });
    expect((await shop.services.orders.get(order.code)).status).toBe('confirmed');

    const list = JSON.parse((await cli(['product', 'list', '--json'])).stdout);
    expect(list.find((p: { id: number }) => p.id === product.id)).toMatchObject({
      stock: 3,
      reserved: 2,
      available: 1,
    });
  });

  it('exits 1 with one sentence on stderr when the shop refuses, and nothing on stdout', async () => {
    const unknown = await cli(['order', 'show', 'zzzzzz', '--json']);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'No order "ZZZZZZ" was found.\n' });
    const product = await newProduct(shop, { stock: 1 });
    const customer = await newCustomer(shop);
    const order = await orderOf(shop, customer, product.id, 1);
    const illegal = await cli(['order', 'deliver', order.code]);
    expect(illegal).toMatchObject({
      code: 1,
      stderr: `Order ${order.code} is reserved and cannot be delivered.\n`,
    });
    expect(illegal.stderr).not.toMatch(/\bat /);
  });

  it('runs an expiry pass for a crontab: what is overdue by the real clock expires, the rest stays', async () => {
    const product = await newProduct(shop, { stock: 5 });
    const customer = await newCustomer(shop);
    const current = await orderOf(shop, customer, product.id);
    shop.clock.advanceHours(-25);
    const overdue = await orderOf(shop, customer, product.id);
    shop.clock.advanceHours(25);
    const result = await cli(['reservations', 'expire', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ran: true, expired: [overdue.code] });
    expect((await shop.services.orders.get(overdue.code)).status).toBe('expired');
    expect((await shop.services.orders.get(current.code)).status).toBe('reserved');
  });

  it('exports CSV files into --output-dir', async () => {
    const dir = join(cwd, 'export');
    const result = await cli(['export', '--orders', '--customers', '--output-dir', dir]);
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['customers.csv', 'orders.csv']);
    const orders = (await readFile(join(dir, 'orders.csv'), 'utf8')).trim().split('\r\n');
    const count = await t.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(orders).toHaveLength(Number(count.n) + 1);
  });
});

describe('doctor', () => {
  // A local Bot API that knows VALID_TOKEN: doctor asks it who the bot is.
  let telegram: FakeBotApiServer;
  beforeAll(async () => {
    telegram = await startFakeBotApi(VALID_TOKEN);
  });
  afterAll(() => telegram.close());

  it('passes with a complete configuration and a migrated database', async () => {
    await writeFile(join(cwd, 'btc_addresses.txt'), '');
    const result = await cli(['doctor', '--no-audit', '--json'], {
      BOT_TOKEN: VALID_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      OWNER_ID: '1000',
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { check: string }) => c.check)).toEqual([
      'shop',
      'configuration',
      'bot token',
      'owner',
      'address file',
      'telegram',
      'explorer',
      'database',
      'migrations',
      'BTC pool',
      'MariaDB version',
      'listeners',
      'accounts',
    ]);
    expect(report.checks.find((c: { check: string }) => c.check === 'BTC pool').status).toBe('warn');
    expect(report.checks.find((c: { check: string }) => c.check === 'telegram')).toEqual({
      check: 'telegram',
      status: 'ok',
      detail: 'the token belongs to @test_shop_bot',
    });
  });

  it('fails the telegram check, in one sentence, on a token Telegram rejects or an API that is down', async () => {
    const rejected = await cli(['doctor', '--no-audit'], {
      BOT_TOKEN: '987654:ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrq',
      TELEGRAM_API_ROOT: telegram.url,
    });
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/telegram.*fail.*Telegram rejected BOT_TOKEN \(401 Unauthorized\)/s);
    const down = await cli(['doctor', '--no-audit', '--json'], {
      BOT_TOKEN: VALID_TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:1',
    });
    expect(down.code).toBe(1);
    const check = JSON.parse(down.stdout).checks.find((c: { check: string }) => c.check === 'telegram');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^the Telegram Bot API at http:\/\/127\.0\.0\.1:1 is not reachable \(.+\)$/);
  });

  it('fails the explorer check, in one sentence, when BTC_ESPLORA_URL does not answer', async () => {
    const result = await cli(['doctor', '--no-audit', '--json'], {
      BOT_TOKEN: VALID_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      BTC_ESPLORA_URL: 'http://127.0.0.1:1/api',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Doctor found 1 problem(s).\n');
    const check = JSON.parse(result.stdout).checks.find((c: { check: string }) => c.check === 'explorer');
    expect(check).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^the block explorer at http:\/\/127\.0\.0\.1:1\/api did not give/),
    });
  });

  it('exits 1 naming each problem: no bot token, malformed token, unreachable database', async () => {
    const noToken = await cli(['doctor', '--no-audit', '--json']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toBe('Doctor found 1 problem(s).\n');
    expect(
      JSON.parse(noToken.stdout).checks.find((c: { check: string }) => c.check === 'bot token').status,
    ).toBe('fail');

    const badToken = await cli(['doctor', '--no-audit'], { BOT_TOKEN: 'not-a-token' });
    expect(badToken.code).toBe(1);
    expect(badToken.stdout).toMatch(/configuration.*fail.*BOT_TOKEN must look like/s);

    const noDatabase = await shopctl(['doctor', '--no-audit', '--json'], {
      cwd,
      databaseUrl: NOWHERE,
      env: { BOT_TOKEN: VALID_TOKEN, TELEGRAM_API_ROOT: telegram.url },
    });
    expect(noDatabase.code).toBe(1);
    const database = JSON.parse(noDatabase.stdout).checks.find(
      (c: { check: string }) => c.check === 'database',
    );
    expect(database).toMatchObject({ status: 'fail' });
  });
});
