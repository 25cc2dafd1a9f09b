import { describe, expect, it } from 'vitest';
import { reserveStock } from '../../src/inventory/inventory.repository.js';
import { newCustomer, newProduct, orderOf, productRow, type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

const context = (orderId: number) => ({ orderId, actor: 'test', now: shop.clock.now() });

/** Reserves `[productId, quantity]` lines for the order in a transaction of its own. */
const reserve = (orderId: number, lines: [number, number][]) =>
  shop.db.transaction().execute((trx) =>
    reserveStock(
      trx,
      lines.map(([productId, quantity]) => ({ productId, quantity })),
      context(orderId),
    ),
  );

/** Two products with 5 units each, and an order (of something else) to log reservations against. */
async function arrange() {
  const first = await newProduct(shop, { stock: 5 });
  const second = await newProduct(shop, { stock: 5 });
  const order = await orderOf(shop, await newCustomer(shop), (await newProduct(shop)).id);
  return { first, second, order };
}

const amounts = async (id: number) => {
  const row = await productRow(shop, id);
  return [row.stock_quantity, row.reserved_quantity];
};

describe('reserveStock', () => {
  it('reserves every line in one go and logs each product as the update left it', async () => {
    const { first, second, order } = await arrange();
    expect(
      await reserve(order.id, [
        [first.id, 2],
        [second.id, 4],
      ]),
    ).toBe(true);
    expect(await amounts(first.id)).toEqual([5, 2]);
    expect(await amounts(second.id)).toEqual([5, 4]);
    const log = await shop.db
      .selectFrom('inventory_log')
      .select([
        'product_id',
        'kind',
        'stock_delta',
        'reserved_delta',
        'stock_after',
        'reserved_after',
        'actor',
      ])
      .where('order_id', '=', order.id)
      .where('actor', '=', 'test')
      .orderBy('product_id')
      .execute();
    expect(log).toEqual([
      {
        product_id: first.id,
        kind: 'reserve',
        stock_delta: 0,
        reserved_delta: 2,
        stock_after: 5,
        reserved_after: 2,
        actor: 'test',
      },
      {
        product_id: second.id,
        kind: 'reserve',
        stock_delta: 0,
        reserved_delta: 4,
        stock_after: 5,
        reserved_after: 4,
        actor: 'test',
      },
    ]);
  });

  it('changes nothing when one product is short: the CHECK refuses the whole statement', async () => {
    const { first, second, order } = await arrange();
    const outcome = await shop.db.transaction().execute(async (trx) => {
      const reserved = await reserveStock(
        trx,
        [
          { productId: first.id, quantity: 1 },
          { productId: second.id, quantity: 6 },
        ],
        context(order.id),
      );
      // Read inside the transaction: not even its own uncommitted change is left behind.
      const rows = await trx
        .selectFrom('products')
        .select(['reserved_quantity'])
        .where('id', 'in', [first.id, second.id])
        .orderBy('id')
        .execute();
      return { reserved, rows };
    });
    expect(outcome).toEqual({ reserved: false, rows: [{ reserved_quantity: 0 }, { reserved_quantity: 0 }] });
  });

  it('refuses a withdrawn product', async () => {
    const { first, second, order } = await arrange();
    await shop.db.updateTable('products').set({ active: false }).where('id', '=', first.id).execute();
    expect(
      await reserve(order.id, [
        [first.id, 1],
        [second.id, 1],
      ]),
    ).toBe(false);
  });
});
