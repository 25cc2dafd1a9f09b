import type { InventoryKind, Product } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

/** Locks products in id order, the shop's single lock order for products, and returns them by id. */
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
 * constraints refuse a change that would leave stock below reserved or reserved below zero. Each product is
 * written once, however many changes touch it. Updates the products in the map in place.
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
  for (const product of touched) {
    await db
      .updateTable('products')
      .set({
        stock_quantity: product.stock_quantity,
        reserved_quantity: product.reserved_quantity,
        updated_at: context.now,
      })
      .where('id', '=', product.id)
      .execute();
  }
  await db.insertInto('inventory_log').values(log).execute();
}
