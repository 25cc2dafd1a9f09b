import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { untilLockWaits } from '../support/lock-waits.js';
import { newCustomer, newProduct, orderOf, productRow } from '../support/shop.js';
import { type ProcessResult, scratchDir, shopctl } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

/**
 * shopctl and a second writer (the bot's services) act on the same order at the same moment, on real parallel
 * connections. A transaction of the test's own holds the order's row lock while both are started, and is
 * released only once both are waiting on it, so they really do collide instead of running one after the
 * other. Exactly one may win; the other must get a clear refusal, and stock must match the winner.
 */

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

type Outcome = { ok: true } | { ok: false; message: string };

/** Starts both writers while holding the order's lock, in the given queue order, then lets them go. */
async function race(code: string, cliArgs: string[], other: () => Promise<unknown>, cliFirst: boolean) {
  let cli!: Promise<ProcessResult>;
  let second!: Promise<Outcome>;
  const startCli = () => (cli = shopctl(cliArgs, { cwd, databaseUrl: t.url }));
  const startOther = () =>
    (second = other().then(
      (): Outcome => ({ ok: true }),
      (error: Error): Outcome => ({ ok: false, message: error.message }),
    ));
  await t.db.transaction().execute(async (trx) => {
    await trx.selectFrom('orders').select('id').where('code', '=', code).forUpdate().execute();
    (cliFirst ? startCli : startOther)();
    await untilLockWaits(t, 1);
    (cliFirst ? startOther : startCli)();
    await untilLockWaits(t, 2);
  });
  return { cli: await cli, other: await second };
}

describe('shopctl racing a second writer on the same order', () => {
  it.each([true, false])(
    'deliver (shopctl) vs cancel (services); shopctl queued first: %s',
    async (cliFirst) => {
      const customer = await newCustomer(shop);
      const product = await newProduct(shop, { stock: 5 });
      const order = await orderOf(shop, customer, product.id, 2);
      await shop.services.orders.confirm(order.code);

      const { cli, other } = await race(
        order.code,
        ['order', 'deliver', order.code, '--json'],
        () => shop.services.orders.cancel(order.code, { reason: 'race' }),
        cliFirst,
      );

      const status = (await shop.services.orders.get(order.code)).status;
      const row = await productRow(shop, product.id);
      expect(row.reserved_quantity).toBe(0);
      if (cli.code === 0) {
        expect(other).toEqual({
          ok: false,
          message: `Order ${order.code} is delivered and cannot be cancelled.`,
        });
        expect(JSON.parse(cli.stdout).status).toBe('delivered');
        expect([status, row.stock_quantity]).toEqual(['delivered', 3]);
      } else {
        expect(other).toEqual({ ok: true });
        expect(cli).toMatchObject({ code: 1, stdout: '' });
        expect(cli.stderr).toBe(`Order ${order.code} is cancelled and cannot be delivered.\n`);
        expect([status, row.stock_quantity]).toEqual(['cancelled', 5]);
      }
    },
  );

  it.each([true, false])(
    'cancel (shopctl) vs the customer cancelling; shopctl queued first: %s',
    async (cliFirst) => {
      const customer = await newCustomer(shop);
      const product = await newProduct(shop, { stock: 4 });
      const order = await orderOf(shop, customer, product.id, 3);

      const { cli, other } = await race(
        order.code,
        ['order', 'cancel', order.code, '--yes', '--reason', 'owner'],
        () => shop.services.orders.cancelByCustomer(customer, order.code),
        cliFirst,
      );

      const history = await shop.services.orders.history(order.code);
      const cancellations = history.filter((h) => h.to_status === 'cancelled');
      expect(cancellations).toHaveLength(1);
      expect((await productRow(shop, product.id)).reserved_quantity).toBe(0);
      if (cli.code === 0) {
        expect(other).toEqual({
          ok: false,
          message: `Order ${order.code} is cancelled and cannot be cancelled by you.`,
        });
        expect(cancellations[0]?.actor).toBe('owner');
      } else {
        expect(other).toEqual({ ok: true });
        expect(cli.stderr).toBe(`Order ${order.code} is cancelled and cannot be cancelled.\n`);
        expect(cli.code).toBe(1);
        expect(cancellations[0]?.actor).toBe(`customer:${customer}`);
      }
    },
  );
});
