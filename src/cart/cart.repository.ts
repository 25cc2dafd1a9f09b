import { sql } from 'kysely';
import type { Executor } from '../db/transaction.js';

/** The customer's cart lines with their products' current price, state and stock, oldest line first. */
export function cartLines(db: Executor, userId: number) {
  return db
    .selectFrom('cart_items as ci')
    .innerJoin('products as p', 'p.id', 'ci.product_id')
    .select((eb) => [
      'ci.product_id',
      'p.name',
      'p.price as unit_price',
      'ci.quantity',
      'p.active',
      eb('p.stock_quantity', '-', eb.ref('p.reserved_quantity')).as('available'),
    ])
    .where('ci.user_id', '=', userId)
    .orderBy('ci.added_at')
    .orderBy('ci.product_id')
    .execute();
}

/** The quantity of a line, locked; undefined when the cart has no such line. */
export async function lockCartLine(
  trx: Executor,
  userId: number,
  productId: number,
): Promise<number | undefined> {
  const row = await trx
    .selectFrom('cart_items')
    .select('quantity')
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .forUpdate()
    .executeTakeFirst();
  return row?.quantity;
}

/**
 * Writes a line in one statement, creating it when there is none: `add` adds `quantity` to what it holds, `set`
 * replaces it. Adding is atomic without any other lock, since READ COMMITTED takes no gap locks and a
 * read-then-insert would lose one of two parallel taps.
 */
export async function putCartLine(
  db: Executor,
  userId: number,
  productId: number,
  quantity: number,
  mode: 'add' | 'set' = 'set',
): Promise<void> {
  await db
    .insertInto('cart_items')
    .values({ user_id: userId, product_id: productId, quantity })
    .onDuplicateKeyUpdate({ quantity: mode === 'add' ? sql`quantity + ${quantity}` : quantity })
    .execute();
}

export async function deleteCartLine(db: Executor, userId: number, productId: number): Promise<void> {
  await db
    .deleteFrom('cart_items')
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .execute();
}

export async function clearCart(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('cart_items').where('user_id', '=', userId).execute();
}

/** Locks every cart line of a product, before the product itself (the lock order: see lockProducts). */
export async function lockCartLinesOfProduct(db: Executor, productId: number): Promise<void> {
  await db
    .selectFrom('cart_items')
    .select('user_id')
    .where('product_id', '=', productId)
    .forUpdate()
    .execute();
}

/** Takes a product out of every cart (it was deactivated or removed). */
export async function deleteCartLinesOfProduct(db: Executor, productId: number): Promise<void> {
  await db.deleteFrom('cart_items').where('product_id', '=', productId).execute();
}

/** The cart's lines with their full product rows, oldest line first, without locks. */
export function cartProducts(db: Executor, userId: number) {
  return db
    .selectFrom('cart_items')
    .innerJoin('products', 'products.id', 'cart_items.product_id')
    .selectAll('products')
    .select('cart_items.quantity as cart_quantity')
    .where('cart_items.user_id', '=', userId)
    .orderBy('cart_items.added_at')
    .orderBy('cart_items.product_id')
    .execute();
}
