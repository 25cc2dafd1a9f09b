import { appendFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidAddress } from '../../src/btc/btc.schemas.js';
import { type AddressWatcher, watchAddressFile } from '../../src/jobs/address-watcher.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { createTestShop, newCustomer, newProduct, orderOf, type TestShop } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
let dir: string;
let file: string;
let watcher: AddressWatcher;
let logs: Record<string, unknown>[];

beforeAll(async () => {
  t = await createTestDatabase();
  shop = createTestShop(t.db);
});
afterAll(() => t.drop());

beforeEach(async () => {
  await t.db.deleteFrom('btc_addresses').where('status', '=', 'available').execute();
  dir = await mkdtemp(join(tmpdir(), 'shop-watch-'));
  file = join(dir, 'btc_addresses.txt');
  logs = [];
});
afterEach(async () => {
  await watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

function start(debounceMs = 150) {
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  watcher = watchAddressFile({ file, btc: shop.services.btc, logger, debounceMs });
  return watcher.ready;
}

async function pool(): Promise<string[]> {
  return (await shop.services.btc.list({ all: true })).map((a) => a.address);
}

/** Waits for what the watcher does in reaction to a file change; the deadline is only there to end a broken run. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const loads = () => logs.filter((l) => l.msg === 'address file loaded').length;
const misses = () => logs.filter((l) => String(l.msg).includes('not found')).length;
const contains = async (addresses: string[]) => {
  const known = new Set(await pool());
  return addresses.every((a) => known.has(a));
};

describe('address file watcher', () => {
  it('loads the file at start and after an append', async () => {
    const [a, b, c] = randomAddresses(3);
    expect(isValidAddress(a as string, 'mainnet')).toBe(true);
    await writeFile(file, `# pool\n${a}\n\n  ${b}  \n`);
    await start();
    await eventually(() => contains([a as string, b as string]), 'initial load');
    await appendFile(file, `${c}\n`);
    await eventually(() => contains([c as string]), 'appended address');
  });

  it('survives a missing file, then loads it when it appears, is deleted and comes back', async () => {
    await start();
    await eventually(async () => misses() === 1, 'missing-file warning');
    const [a, b] = randomAddresses(2);
    await writeFile(file, `${a}\n`);
    await eventually(() => contains([a as string]), 'created file');
    // The deletion itself is seen: the watcher reloads and finds the file gone.
    await unlink(file);
    await eventually(async () => misses() === 2, 'deletion noticed');
    await writeFile(file, `${b}\n`);
    await eventually(() => contains([b as string]), 'recreated file');
    expect(await pool()).toContain(a);
  });

  it("says so when the file's folder does not exist, since it cannot be watched", async () => {
    file = join(dir, 'no-such-folder', 'btc_addresses.txt');
    await start();
    await eventually(async () => misses() === 1, 'missing-file warning');
    expect(logs.filter((l) => l.level === 50).map((l) => [l.msg, l.folder])).toEqual([
      [
        "the address file's folder does not exist; create it, then restart the shop",
        join(dir, 'no-such-folder'),
      ],
    ]);
  });

  it('sees an editor saving by atomic rename, and a full rewrite', async () => {
    const [a, b, c] = randomAddresses(3);
    await writeFile(file, `${a}\n`);
    await start();
    await eventually(() => contains([a as string]), 'initial load');
    const temp = join(dir, '.btc_addresses.txt.swp');
    await writeFile(temp, `${a}\n${b}\n`);
    await rename(temp, file);
    await eventually(() => contains([b as string]), 'renamed-over file');
    await writeFile(file, `${c}\n`);
    await eventually(() => contains([c as string]), 'rewritten file');
  });

  it('reports invalid lines with their numbers and loads the rest', async () => {
    const [a] = randomAddresses(1);
    const [testnet] = randomAddresses(1, 'testnet');
    await writeFile(file, `${a}\nhello world\n${testnet}\n`);
    await start();
    await eventually(async () => loads() > 0, 'load');
    const invalid = logs.filter((l) => l.line !== undefined).map((l) => [l.line, l.text]);
    expect(invalid).toEqual([
      [2, 'hello world'],
      [3, testnet],
    ]);
    expect(await pool()).toContain(a);
    expect(await pool()).not.toContain(testnet);
  });

  it('coalesces a burst of changes and loads 1,000 addresses appended at once', async () => {
    await writeFile(file, '');
    // The production debounce: ten appends in a row fall well within it, however slow the machine.
    await start(2000);
    await eventually(async () => loads() === 1, 'initial load');
    const [sentinel, ...batch] = randomAddresses(1001);
    for (let i = 0; i < 10; i++)
      await appendFile(file, `${batch.slice(i * 100, (i + 1) * 100).join('\n')}\n`);
    await eventually(() => contains(batch), '1,000 addresses');
    // Reloads run one after another, so once a later change is loaded, every reload of the burst is counted.
    await appendFile(file, `${sentinel}\n`);
    await eventually(() => contains([sentinel as string]), 'a later change');
    expect(loads()).toBeLessThanOrEqual(3);
    expect((await shop.services.btc.counts()).available).toBe(1001);
  });

  it('never takes an assigned address away when its line is removed', async () => {
    const [a, b] = randomAddresses(2);
    await writeFile(file, `${a}\n${b}\n`);
    await start();
    await eventually(() => contains([a as string, b as string]), 'initial load');
    const user = await newCustomer(shop);
    const order = await orderOf(shop, user, (await newProduct(shop)).id, 1, 'btc');
    await writeFile(file, `${b}\n`);
    await eventually(async () => loads() >= 2, 'reload');
    expect((await shop.services.orders.get(order.code)).btc_address).toBe(a);
    const row = await t.db
      .selectFrom('btc_addresses')
      .selectAll()
      .where('address', '=', a as string)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'assigned', order_id: order.id });
  });
});
