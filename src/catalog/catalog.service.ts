import type { z } from 'zod';
import { deleteCartLinesOfProduct, lockCartLinesOfProduct } from '../cart/cart.repository.js';
import type { Category } from '../db/schema.js';
import { type Executor, inTransaction, isDuplicateKey, writeStatement } from '../db/transaction.js';
import { lockAndMoveStocks, lockProducts } from '../inventory/inventory.repository.js';
import { ordersContainingProduct } from '../orders/orders.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import {
  countProductsInCategory,
  deleteCategory,
  deleteProduct,
  findCategoryByRef,
  findProductByRef,
  insertCategory,
  insertProduct,
  listCategoryViews,
  productViewsPage,
  renameCategory,
  updateProduct,
} from './catalog.repository.js';
import {
  categoryName,
  firstIssue,
  type NewProductInput,
  newProductInput,
  type ProductChanges,
  type ProductView,
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
    const category = await findCategoryByRef(executor, text);
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
      await uniqueName('category', clean, () => writeStatement(db, () => insertCategory(db, clean)));
      return findCategory(clean);
    },

    /** Categories with their number of active products, by name. */
    listCategories(options: { withActiveProductsOnly?: boolean } = {}): Promise<CategoryView[]> {
      return listCategoryViews(db, options.withActiveProductsOnly ?? false);
    },

    async renameCategory(ref: string, newName: string): Promise<Category> {
      const category = await findCategory(ref);
      const clean = parse(categoryName, newName);
      await uniqueName('category', clean, () =>
        writeStatement(db, () => renameCategory(db, category.id, clean)),
      );
      return findCategory(clean);
    },

    async removeCategory(ref: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        const category = await findCategory(ref, trx);
        const held = await countProductsInCategory(trx, category.id);
        if (held > 0) {
          throw new ConflictError(
            `Category "${category.name}" still holds ${held} product(s); move or remove them first.`,
          );
        }
        await deleteCategory(trx, category.id);
      });
    },

    async addProduct(input: NewProductInput, actor = 'owner'): Promise<ProductView> {
      const data = parse(newProductInput, input);
      return inTransaction(db, async (trx) => {
        const category = await findCategory(data.category, trx);
        const id = await uniqueName('product', data.name, () =>
          insertProduct(trx, {
            category_id: category.id,
            name: data.name,
            price: data.price,
            description: data.description,
            photo_file_id: data.photoFileId ?? null,
          }),
        );
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
      const categoryId =
        options.category === undefined ? undefined : (await findCategory(options.category)).id;
      const page = { categoryId, activeOnly: options.activeOnly ?? false, take: limit + 1 };
      if (options.before !== undefined) {
        const rows = await productViewsPage(db, { ...page, before: options.before, after: undefined });
        const items = rows.slice(0, limit).reverse();
        return { items, next: items.at(-1)?.id, prev: rows.length > limit ? items[0]?.id : undefined };
      }
      const rows = await productViewsPage(db, { ...page, before: undefined, after: options.after });
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
        // Taking it out of carts: the carts' lines are locked before the product (see lockProducts).
        if (data.active === false) await lockCartLinesOfProduct(trx, product.id);
        await uniqueName('product', data.name ?? product.name, () =>
          updateProduct(trx, product.id, { ...set, updated_at: clock.now() }),
        );
        if (data.active === false) await deleteCartLinesOfProduct(trx, product.id);
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
        await lockCartLinesOfProduct(trx, product.id);
        await lockProducts(trx, [product.id]);
        const orders = await ordersContainingProduct(trx, product.id);
        const open = orders.filter((o) => o.status === 'reserved' || o.status === 'confirmed');
        if (open.length > 0) {
          throw new DomainError(
            'product_in_use',
            `"${product.name}" is in open order(s) ${open.map((o) => o.code).join(', ')}; finish or cancel them first.`,
            { product: product.name },
          );
        }
        await deleteCartLinesOfProduct(trx, product.id);
        if (orders.length > 0) {
          await updateProduct(trx, product.id, { active: false, updated_at: clock.now() });
          return 'deactivated';
        }
        await deleteProduct(trx, product.id);
        return 'deleted';
      });
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
