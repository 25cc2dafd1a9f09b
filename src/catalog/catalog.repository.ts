import type { Product } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

/** A product as people see it: with its category's name and what can still be ordered. */
export interface ProductView extends Product {
  category: string;
  available: number;
}

export function selectProductViews(db: Executor) {
  return db
    .selectFrom('products as p')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .selectAll('p')
    .select((eb) => [
      'c.name as category',
      eb('p.stock_quantity', '-', eb.ref('p.reserved_quantity')).as('available'),
    ]);
}

/** Finds a product by id (all digits) or by exact name. */
export async function findProductByRef(db: Executor, ref: string | number): Promise<ProductView | undefined> {
  const text = String(ref).trim();
  if (/^\d+$/.test(text)) {
    const byId = await selectProductViews(db).where('p.id', '=', Number(text)).executeTakeFirst();
    if (byId) return byId;
  }
  return selectProductViews(db).where('p.name', '=', text).executeTakeFirst();
}
