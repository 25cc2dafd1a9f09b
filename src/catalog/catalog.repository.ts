import type { Insertable, Updateable } from 'kysely';
import type { Category, ProductsTable } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import type { ProductView } from './catalog.schemas.js';

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

/** Products in name order; with `low`, only those with at most that many available. */
export function listProductViews(db: Executor, low: number | undefined): Promise<ProductView[]> {
  let query = selectProductViews(db).orderBy('p.name');
  if (low !== undefined) {
    query = query.where((eb) => eb(eb('p.stock_quantity', '-', eb.ref('p.reserved_quantity')), '<=', low));
  }
  return query.execute();
}

export interface ProductPageQuery {
  categoryId: number | undefined;
  activeOnly: boolean;
  /** Ids above this, ascending; or with `before`, ids below it, descending. */
  after: number | undefined;
  before: number | undefined;
  take: number;
}

export function productViewsPage(db: Executor, q: ProductPageQuery): Promise<ProductView[]> {
  let query = selectProductViews(db).limit(q.take);
  if (q.categoryId !== undefined) query = query.where('p.category_id', '=', q.categoryId);
  if (q.activeOnly) query = query.where('p.active', '=', true);
  if (q.before !== undefined) return query.where('p.id', '<', q.before).orderBy('p.id', 'desc').execute();
  if (q.after !== undefined) query = query.where('p.id', '>', q.after);
  return query.orderBy('p.id').execute();
}

/** A category by exact name, or by id when the text is all digits (a name made of digits matches too). */
export function findCategoryByRef(db: Executor, text: string): Promise<Category | undefined> {
  let query = db.selectFrom('categories').selectAll();
  query = /^\d+$/.test(text)
    ? query.where((eb) => eb.or([eb('id', '=', Number(text)), eb('name', '=', text)]))
    : query.where('name', '=', text);
  return query.orderBy('id').executeTakeFirst();
}

export async function insertCategory(db: Executor, name: string): Promise<void> {
  await db.insertInto('categories').values({ name }).execute();
}

export async function renameCategory(db: Executor, id: number, name: string): Promise<void> {
  await db.updateTable('categories').set({ name }).where('id', '=', id).execute();
}

export async function deleteCategory(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).execute();
}

/** Categories by name with their number of active products. */
export async function listCategoryViews(
  db: Executor,
  withActiveProductsOnly: boolean,
): Promise<(Category & { products: number })[]> {
  let query = db
    .selectFrom('categories as c')
    .leftJoin('products as p', (join) => join.onRef('p.category_id', '=', 'c.id').on('p.active', '=', true))
    .selectAll('c')
    .select((eb) => eb.fn.count<number>('p.id').as('products'))
    .groupBy('c.id')
    .orderBy('c.name');
  if (withActiveProductsOnly) query = query.having((eb) => eb.fn.count('p.id'), '>', 0);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, products: Number(r.products) }));
}

export async function countProductsInCategory(db: Executor, categoryId: number): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('category_id', '=', categoryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a product (with no stock yet) and returns its id. */
export async function insertProduct(db: Executor, values: Insertable<ProductsTable>): Promise<number> {
  const inserted = await db.insertInto('products').values(values).executeTakeFirstOrThrow();
  return Number(inserted.insertId);
}

export async function updateProduct(db: Executor, id: number, set: Updateable<ProductsTable>): Promise<void> {
  await db.updateTable('products').set(set).where('id', '=', id).execute();
}

/** Deletes a product that was never ordered, with its stock history. */
export async function deleteProduct(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('inventory_log').where('product_id', '=', id).execute();
  await db.deleteFrom('products').where('id', '=', id).execute();
}
