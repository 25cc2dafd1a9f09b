import type { z } from 'zod';
import type { Category } from '../db/schema.js';
import { type Executor, inTransaction, isDuplicateKey, writeStatement } from '../db/transaction.js';
import { lockAndMoveStocks, lockProducts } from '../inventory/inventory.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { findProductByRef, type ProductView, selectProductViews } from './catalog.repository.js';
import {
  categoryName,
  firstIssue,
  type NewProductInput,
  newProductInput,
  type ProductChanges,
  productChanges,
} from './catalog.schemas.js';

export interface Page<T> {
  items: T[];
  /** Pass as `after` to get the next page; undefined on the last page. */
  next: number | undefined;
  /** Pass as `before` to get the previous page; undefined on the first page. */
  prev?: number | undefined;
}

export interface CategoryView extends Category {
  products: number;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(firstIssue(result.error));
  return result.data;
}

/** Turns a duplicate-name insert or update into a sentence. */
async function uniqueName<T>(what: string, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDuplicateKey(error)) throw new ConflictError(`A ${what} named "${name}" already exists.`, { name });
    throw error;
  }
}

export function createCatalogService({ db, clock }: ServiceDeps) {
  async function findCategory(ref: string | number, executor: Executor = db): Promise<Category> {
    const text = String(ref).trim();
    let query = executor.selectFrom('categories').selectAll();
    query = /^\d+$/.test(text)
      ? query.where((eb) => eb.or([eb('id', '=', Number(text)), eb('name', '=', text)]))
      : query.where('name', '=', text);
    const category = await query.orderBy('id').executeTakeFirst();
    if (!category) throw new NotFoundError('category', text);
    return category;
  }

  async function getProduct(ref: string | number, executor: Executor = db): Promise<ProductView> {
    const product = await findProductByRef(executor, ref);
    if (!product) throw new NotFoundError('product', String(ref));
    return product;
  }

  return {
    findCategory,
    getProduct,

    async addCategory(name: string): Promise<Category> {
      const clean = parse(categoryName, name);
      await uniqueName('category', clean, () =>
        writeStatement(db, () => db.insertInto('categories').values({ name: clean }).execute()),
      );
      return findCategory(clean);
    },

    /** Categories with their number of active products, by name. */
    listCategories(options: { withActiveProductsOnly?: boolean } = {}): Promise<CategoryView[]> {
      let query = db
        .selectFrom('categories as c')
        .leftJoin('products as p', (join) =>
          join.onRef('p.category_id', '=', 'c.id').on('p.active', '=', true),
        )
        .selectAll('c')
        .select((eb) => eb.fn.count<number>('p.id').as('products'))
        .groupBy('c.id')
        .orderBy('c.name');
      if (options.withActiveProductsOnly) query = query.having((eb) => eb.fn.count('p.id'), '>', 0);
      return query.execute().then((rows) => rows.map((r) => ({ ...r, products: Number(r.products) })));
    },

    async renameCategory(ref: string, newName: string): Promise<Category> {
      const category = await findCategory(ref);
      const clean = parse(categoryName, newName);
      await uniqueName('category', clean, () =>
        writeStatement(db, () =>
          db.updateTable('categories').set({ name: clean }).where('id', '=', category.id).execute(),
        ),
      );
      return findCategory(clean);
    },

    async removeCategory(ref: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        const category = await findCategory(ref, trx);
        const held = await trx
          .selectFrom('products')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('category_id', '=', category.id)
          .executeTakeFirstOrThrow();
        if (Number(held.n) > 0) {
          throw new ConflictError(
            `Category "${category.name}" still holds ${held.n} product(s); move or remove them first.`,
          );
        }
        await trx.deleteFrom('categories').where('id', '=', category.id).execute();
      });
    },

    async addProduct(input: NewProductInput, actor = 'owner'): Promise<ProductView> {
      const data = parse(newProductInput, input);
      return inTransaction(db, async (trx) => {
        const category = await findCategory(data.category, trx);
        const inserted = await uniqueName('product', data.name, () =>
          trx
            .insertInto('products')
            .values({
              category_id: category.id,
              name: data.name,
              price: data.price,
              description: data.description,
              photo_file_id: data.photoFileId ?? null,
            })
            .executeTakeFirstOrThrow(),
        );
        const id = Number(inserted.insertId);
        if (data.stock > 0) {
          await lockAndMoveStocks(trx, [{ productId: id, stockDelta: data.stock, reservedDelta: 0 }], {
            kind: 'adjust',
            actor,
            reason: 'initial stock',
            now: clock.now(),
          });
        }
        return getProduct(id, trx);
      });
    },

    /**
     * Keyset pagination by id: stable while products are added or sold. `after` walks forward, `before` walks
     * back (for a Prev button); either way a page lists its products in id order.
     */
    async listProducts(
      options: {
        category?: string | number;
        activeOnly?: boolean;
        after?: number;
        before?: number;
        limit?: number;
      } = {},
    ): Promise<Page<ProductView>> {
      const limit = options.limit ?? 50;
      let query = selectProductViews(db).limit(limit + 1);
      if (options.category !== undefined) {
        query = query.where('p.category_id', '=', (await findCategory(options.category)).id);
      }
      if (options.activeOnly) query = query.where('p.active', '=', true);
      if (options.before !== undefined) {
        const rows = await query.where('p.id', '<', options.before).orderBy('p.id', 'desc').execute();
        const items = rows.slice(0, limit).reverse();
        return { items, next: items.at(-1)?.id, prev: rows.length > limit ? items[0]?.id : undefined };
      }
      if (options.after !== undefined) query = query.where('p.id', '>', options.after);
      const rows = await query.orderBy('p.id').execute();
      const items = rows.slice(0, limit);
      return {
        items,
        next: rows.length > limit ? items.at(-1)?.id : undefined,
        prev: options.after !== undefined ? items[0]?.id : undefined,
      };
    },

    async updateProduct(ref: string | number, changes: ProductChanges): Promise<ProductView> {
      const data = parse(productChanges, changes);
      return inTransaction(db, async (trx) => {
        const product = await getProduct(ref, trx);
        const categoryId =
          data.category === undefined ? undefined : (await findCategory(data.category, trx)).id;
        const set = {
          ...(data.name !== undefined && { name: data.name }),
          ...(data.price !== undefined && { price: data.price }),
          ...(data.description !== undefined && { description: data.description }),
          ...(categoryId !== undefined && { category_id: categoryId }),
          ...(data.active !== undefined && { active: data.active }),
          ...(data.photoFileId !== undefined && { photo_file_id: data.photoFileId }),
        };
        if (Object.keys(set).length === 0) throw new ValidationError('Nothing to change.');
        await uniqueName('product', data.name ?? product.name, () =>
          trx
            .updateTable('products')
            .set({ ...set, updated_at: clock.now() })
            .where('id', '=', product.id)
            .execute(),
        );
        if (data.active === false)
          await trx.deleteFrom('cart_items').where('product_id', '=', product.id).execute();
        return getProduct(product.id, trx);
      });
    },

    /**
     * Removes a product nobody ever ordered; one that appears in past orders is deactivated instead, so the
     * history stays whole. Refused while an open order holds it.
     */
    async removeProduct(ref: string | number): Promise<'deleted' | 'deactivated'> {
      return inTransaction(db, async (trx) => {
        const product = await getProduct(ref, trx);
        await lockProducts(trx, [product.id]);
        const orders = await trx
          .selectFrom('order_items as i')
          .innerJoin('orders as o', 'o.id', 'i.order_id')
          .select(['o.code', 'o.status'])
          .where('i.product_id', '=', product.id)
          .execute();
        const open = orders.filter((o) => o.status === 'reserved' || o.status === 'confirmed');
        if (open.length > 0) {
          throw new DomainError(
            'product_in_use',
            `"${product.name}" is in open order(s) ${open.map((o) => o.code).join(', ')}; finish or cancel them first.`,
            { product: product.name },
          );
        }
        await trx.deleteFrom('cart_items').where('product_id', '=', product.id).execute();
        if (orders.length > 0) {
          await trx
            .updateTable('products')
            .set({ active: false, updated_at: clock.now() })
            .where('id', '=', product.id)
            .execute();
          return 'deactivated';
        }
        await trx.deleteFrom('inventory_log').where('product_id', '=', product.id).execute();
        await trx.deleteFrom('products').where('id', '=', product.id).execute();
        return 'deleted';
      });
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
