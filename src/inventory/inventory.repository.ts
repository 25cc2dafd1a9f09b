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

export interface StockMovement {
  kind: InventoryKind;
  stockDelta: number;
  reservedDelta: number;
  orderId?: number | null;
  actor: string;
  reason?: string | null;
  now: Date;
}

/**
 * Applies a movement to a product whose row the caller has locked, and logs it. The CHECK constraints refuse a
 * movement that would leave stock below reserved or reserved below zero. Updates `product` in place.
 */
export async function moveStock(db: Executor, product: Product, movement: StockMovement): Promise<void> {
  const stock = product.stock_quantity + movement.stockDelta;
  const reserved = product.reserved_quantity + movement.reservedDelta;
  await db
    .updateTable('products')
    .set({ stock_quantity: stock, reserved_quantity: reserved, updated_at: movement.now })
    .where('id', '=', product.id)
    .execute();
  await db
    .insertInto('inventory_log')
    .values({
      product_id: product.id,
      order_id: movement.orderId ?? null,
      kind: movement.kind,
      stock_delta: movement.stockDelta,
      reserved_delta: movement.reservedDelta,
      stock_after: stock,
      reserved_after: reserved,
      actor: movement.actor,
      reason: movement.reason ?? null,
      created_at: movement.now,
    })
    .execute();
  product.stock_quantity = stock;
  product.reserved_quantity = reserved;
}
