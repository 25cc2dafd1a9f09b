import { findProductByRef, listProductViews } from '../catalog/catalog.repository.js';
import type { ProductView } from '../catalog/catalog.schemas.js';
import { inTransaction } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { countInventoryMoves, inventoryLog, lockProducts, moveStocks } from './inventory.repository.js';

export type AdjustMode = 'set' | 'add' | 'remove';

export function createInventoryService({ db, clock }: ServiceDeps) {
  return {
    /**
     * Sets, adds to or removes from a product's stock. Stock never drops below what open orders have reserved;
     * every change is logged with who made it and why.
     */
    async adjust(
      ref: string | number,
      mode: AdjustMode,
      quantity: number,
      options: { reason?: string | null; actor?: string } = {},
    ): Promise<ProductView> {
      if (!Number.isSafeInteger(quantity) || quantity < 0 || (mode !== 'set' && quantity === 0)) {
        throw new ValidationError(
          mode === 'set'
            ? 'The quantity must be a whole number, 0 or more.'
            : 'The quantity must be a whole number above 0.',
        );
      }
      return inTransaction(db, async (trx) => {
        const found = await findProductByRef(trx, ref);
        if (!found) throw new NotFoundError('product', String(ref));
        const locked = await lockProducts(trx, [found.id]);
        const product = locked.get(found.id);
        if (!product) throw new NotFoundError('product', String(ref));
        const target =
          mode === 'set'
            ? quantity
            : mode === 'add'
              ? product.stock_quantity + quantity
              : product.stock_quantity - quantity;
        if (target < product.reserved_quantity) {
          throw new ConflictError(
            `"${product.name}" has ${product.reserved_quantity} unit(s) reserved by open orders; stock cannot go below that (asked for ${target}).`,
            { product: product.name, reserved: product.reserved_quantity },
          );
        }
        if (target !== product.stock_quantity) {
          await moveStocks(
            trx,
            locked,
            [{ productId: product.id, stockDelta: target - product.stock_quantity, reservedDelta: 0 }],
            {
              kind: 'adjust',
              actor: options.actor ?? 'owner',
              reason: options.reason?.trim() || null,
              now: clock.now(),
            },
          );
        }
        return (await findProductByRef(trx, product.id)) as ProductView;
      });
    },

    /** Stock levels; with `low`, only products with at most that many available. */
    list(options: { low?: number } = {}): Promise<ProductView[]> {
      return listProductViews(db, options.low);
    },

    /** A page of stock movements, newest first, optionally for one product. */
    async log(options: { product?: string | number; limit?: number; offset?: number } = {}) {
      let productId: number | undefined;
      if (options.product !== undefined) {
        const product = await findProductByRef(db, options.product);
        if (!product) throw new NotFoundError('product', String(options.product));
        productId = product.id;
      }
      return inventoryLog(db, { productId, limit: options.limit ?? 50, offset: options.offset ?? 0 });
    },

    /** How many stock movements the log holds, for one product or all (the footer of a page of `log`). */
    async countLog(ref?: string | number): Promise<number> {
      if (ref === undefined) return countInventoryMoves(db);
      const product = await findProductByRef(db, ref);
      if (!product) throw new NotFoundError('product', String(ref));
      return countInventoryMoves(db, product.id);
    },
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
