import { sql } from 'kysely';
import type { InventoryKind, Product } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

/**
 * Locks products in id order and returns them by id.
 *
 * The shop's one lock order, followed by every transaction that locks more than one of these: a customer's row,
 * then cart lines, then products, several products always in id order. Checkout clears the cart and then
 * reserves the products; a cart change writes its line (whose foreign key check share-locks the product) and then
 * reads the product; deactivating or removing a product locks the cart lines holding it before the product.
 */
export async function lockProducts(db: Executor, ids: readonly number[]): Promise<Map<number, Product>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('products')
    .selectAll()
    .where('id', 'in', unique)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** `CASE id WHEN … THEN … END`: a value per product, for statements that change several products at once. */
function byProductId(values: [id: number, value: number][]) {
  return sql<number>`case id ${sql.join(
    values.map(([id, value]) => sql`when ${id} then ${value}`),
    sql` `,
  )} end`;
}

export interface StockChange {
  productId: number;
  /** Overrides the context's order, for changes of several orders at once. */
  orderId?: number;
  stockDelta: number;
  reservedDelta: number;
}

export interface MovementContext {
  kind: InventoryKind;
  orderId?: number | null;
  actor: string;
  reason?: string | null;
  now: Date;
}

/**
 * Applies stock changes to products whose rows the caller has locked, and logs each in one insert. The CHECK
 * constraints refuse a change that would leave stock below reserved or reserved below zero. One update writes
 * every product touched, however many changes touch it. Updates the products in the map in place.
 */
export async function moveStocks(
  db: Executor,
  products: Map<number, Product>,
  changes: readonly StockChange[],
  context: MovementContext,
): Promise<void> {
  if (changes.length === 0) return;
  const log = [];
  const touched = new Set<Product>();
  for (const change of changes) {
    const product = products.get(change.productId);
    if (!product) throw new Error(`product ${change.productId} was not locked`);
    product.stock_quantity += change.stockDelta;
    product.reserved_quantity += change.reservedDelta;
    touched.add(product);
    log.push({
      product_id: product.id,
      order_id: change.orderId ?? context.orderId ?? null,
      kind: context.kind,
      stock_delta: change.stockDelta,
      reserved_delta: change.reservedDelta,
      stock_after: product.stock_quantity,
      reserved_after: product.reserved_quantity,
      actor: context.actor,
      reason: context.reason ?? null,
      created_at: context.now,
    });
  }
  // One statement for every product touched.
  const rows = [...touched];
  await db
    .updateTable('products')
    .set({
      stock_quantity: byProductId(rows.map((p) => [p.id, p.stock_quantity])),
      reserved_quantity: byProductId(rows.map((p) => [p.id, p.reserved_quantity])),
      updated_at: context.now,
    })
    .where(
      'id',
      'in',
      rows.map((p) => p.id),
    )
    .execute();
  await db.insertInto('inventory_log').values(log).execute();
}

/** Locks the products the changes touch (in id order) and applies the changes: for callers with no check. */
export async function lockAndMoveStocks(
  db: Executor,
  changes: readonly StockChange[],
  context: MovementContext,
): Promise<void> {
  const products = await lockProducts(
    db,
    changes.map((change) => change.productId),
  );
  await moveStocks(db, products, changes, context);
}

export interface Reservation {
  productId: number;
  quantity: number;
}

const CONSTRAINT_FAILED = 4025; // ER_CONSTRAINT_FAILED: a CHECK refused the statement, which changed nothing

/**
 * Reserves each line's quantity with one conditional update, which takes the row locks and changes the rows in
 * a single statement, then logs the reservation from the rows as changed. Returns false when a product is short
 * (the `stock >= reserved` CHECK refuses the whole statement) or withdrawn (inactive or gone, some rows may
 * have been changed): the caller must then abandon the transaction. Lines name distinct products.
 */
export async function reserveStock(
  db: Executor,
  lines: readonly Reservation[],
  context: { orderId: number; actor: string; now: Date },
): Promise<boolean> {
  const ids = lines.map((line) => line.productId);
  const quantity = () => byProductId(lines.map((line) => [line.productId, line.quantity]));
  try {
    const result = await db
      .updateTable('products')
      .set({ reserved_quantity: sql`reserved_quantity + ${quantity()}`, updated_at: context.now })
      .where('id', 'in', ids)
      .where('active', '=', true)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== lines.length) return false;
  } catch (error) {
    if ((error as { errno?: number }).errno === CONSTRAINT_FAILED) return false;
    throw error;
  }
  await db
    .insertInto('inventory_log')
    .columns([
      'product_id',
      'order_id',
      'kind',
      'stock_delta',
      'reserved_delta',
      'stock_after',
      'reserved_after',
      'actor',
      'reason',
      'created_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('products')
        .select([
          'id',
          eb.val(context.orderId).as('order_id'),
          eb.val('reserve' as const).as('kind'),
          eb.val(0).as('stock_delta'),
          quantity().as('reserved_delta'),
          'stock_quantity',
          'reserved_quantity',
          eb.val(context.actor).as('actor'),
          eb.val(null).as('reason'),
          eb.val(context.now).as('created_at'),
        ])
        .where('id', 'in', ids),
    )
    .execute();
  return true;
}

/** Newest movements first, optionally of one product. */
export function inventoryLog(
  db: Executor,
  options: { productId: number | undefined; limit: number; offset: number },
) {
  let query = db
    .selectFrom('inventory_log as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'l.id',
      'l.created_at',
      'p.name as product',
      'l.kind',
      'l.stock_delta',
      'l.reserved_delta',
      'l.stock_after',
      'l.reserved_after',
      'o.code as order_code',
      'l.actor',
      'l.reason',
    ])
    .orderBy('l.id', 'desc')
    .limit(options.limit)
    .offset(options.offset);
  if (options.productId !== undefined) query = query.where('l.product_id', '=', options.productId);
  return query.execute();
}
/** How many stock movements the log holds, for one product or all. */
export async function countInventoryMoves(db: Executor, productId?: number): Promise<number> {
  const row = await db
    .selectFrom('inventory_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(productId !== undefined, (q) => q.where('product_id', '=', productId as number))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
