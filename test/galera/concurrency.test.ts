import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { runWithLease } from '../../src/db/lease.js';
import { type Executor, inTransaction } from '../../src/db/transaction.js';
import { OutOfStockError } from '../../src/shared/errors.js';
import { claimUpdate } from '../../src/updates/updates.repository.js';
import { randomAddresses } from '../support/btc-addresses.js';
import {
  createTestShop,
  newCustomer,
  newProduct,
  orderOf,
  productRow,
  type TestShop,
} from '../support/shop.js';
import { catchUp, poolsOnNodes } from './nodes.js';

/** The shop's concurrency guarantees with connections spread over the three nodes of a Galera cluster. */

let dbs: Db[];
let shops: TestShop[];
beforeAll(() => {
  dbs = poolsOnNodes(25);
  shops = dbs.map((db) => createTestShop(db));
});
afterAll(() => Promise.all(dbs.map((db) => db.destroy())));

const node = (i: number) => shops[i % shops.length] as TestShop;

describe('on a Galera cluster', () => {
  it('takes 50 parallel checkouts for 10 units on three nodes: exactly 10 orders', async () => {
    const product = await newProduct(node(0), { stock: 10 });
    const customers = await Promise.all(Array.from({ length: 50 }, () => newCustomer(node(0))));
    await catchUp(dbs);
    const results = await Promise.allSettled(customers.map((id, i) => orderOf(node(i), id, product.id)));
    const placed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused.filter((e) => !(e instanceof OutOfStockError))).toEqual([]);
    expect(placed).toHaveLength(10);
    await catchUp(dbs);
    for (const shop of shops) {
      const row = await productRow(shop, product.id);
      expect([row.stock_quantity, row.reserved_quantity]).toEqual([10, 10]);
    }
  });

  it('runs a transaction whose COMMIT failed certification again from the start', async () => {
    const product = await newProduct(node(0), { stock: 10 });
    await catchUp(dbs);
    const [first, second] = dbs as [Db, Db];
    const addStock = (db: Executor) =>
      db
        .updateTable('products')
        .set((eb) => ({ stock_quantity: eb('stock_quantity', '+', 1) }))
        .where('id', '=', product.id)
        .execute();
    // Node 1 changes the product, node 2 commits a change of the same row first: node 1's COMMIT is refused.
    const collide = async (trx: Executor) => {
      await addStock(trx);
      await addStock(second);
    };
    await expect(first.transaction().execute(collide)).rejects.toMatchObject({ errno: 1213 });

    let attempts = 0;
    await inTransaction(first, async (trx) => {
      attempts++;
      if (attempts === 1) await collide(trx);
      else await addStock(trx);
    });
    expect(attempts).toBe(2);
    await catchUp(dbs);
    // 10, +1 from each of node 2's commits, +1 from the retried transaction; the refused ones left no trace.
    expect((await productRow(node(2), product.id)).stock_quantity).toBe(13);
  });

  it('elects one expiry leader across the nodes, and another node takes over when it is done', async () => {
    const product = await newProduct(node(0), { stock: 5 });
    const order = await orderOf(node(0), await newCustomer(node(0)), product.id);
    for (const shop of shops) shop.clock.advanceHours(25);
    await catchUp(dbs);

    // Many processes on every node ask for the lease at once: exactly one runs.
    const contenders = Array.from({ length: 12 }, (_, i) => dbs[i % dbs.length] as Db);
    let finish: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let returned = 0;
    let passesMeanwhile: unknown;
    const results = await Promise.all(
      contenders.map((db) =>
        runWithLease(db, 'expiry', () => running).finally(() => {
          if (++returned === contenders.length - 1) {
            // While the winner still runs, a pass on every node returns at once.
            void Promise.all(shops.map((shop) => shop.services.orders.expireDue()))
              .then((passes) => {
                passesMeanwhile = passes;
              })
              .finally(finish);
          }
        }),
      ),
    );
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(passesMeanwhile).toEqual(shops.map(() => ({ ran: false, expired: [] })));
    await catchUp(dbs);
    const pass = await node(2).services.orders.expireDue();
    expect(pass.ran).toBe(true);
    expect(pass.expired).toContain(order.code);
  });

  it('gives each webhook update to one process when processes on every node claim it at once', async () => {
    const updates = Array.from({ length: 20 }, (_, i) => 9_000_000 + i);
    // Six processes per update, two on each node, all at once: Galera refuses all but one insert at COMMIT.
    const outcomes = await Promise.all(
      updates.flatMap((id) =>
        Array.from({ length: 6 }, (_, p) =>
          claimUpdate(dbs[p % dbs.length] as Db, id, `process-${p}`, 60_000),
        ),
      ),
    );
    const claimedPerUpdate = updates.map(
      (_, u) => outcomes.slice(u * 6, u * 6 + 6).filter((outcome) => outcome === 'claimed').length,
    );
    expect(claimedPerUpdate).toEqual(updates.map(() => 1));
    expect(outcomes.filter((outcome) => outcome === 'finished')).toEqual([]);
  });

  it('loads each address once when processes on two nodes import the same file at once', async () => {
    const addresses = randomAddresses(1_200);
    const lists = [addresses, [...addresses].reverse()];
    const results = await Promise.all(
      [node(0), node(1)].map((shop, i) => shop.services.btc.addFromText(lists[i]?.join('\n') ?? '')),
    );
    expect(results.reduce((sum, r) => sum + r.added, 0)).toBe(1_200);
    await catchUp(dbs);
    const count = await sql<{ n: number }>`select count(*) as n from btc_addresses`.execute(node(2).db);
    expect(Number(count.rows[0]?.n)).toBe(1_200);
  });
});
