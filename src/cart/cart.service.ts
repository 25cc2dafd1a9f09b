import { findProductByRef } from '../catalog/catalog.repository.js';
import { type Executor, inTransaction, writeStatement } from '../db/transaction.js';
import { checkCartQuantity } from '../orders/order-limits.js';
import type { ServiceDeps } from '../service-deps.js';
import { NotFoundError, OutOfStockError, ValidationError } from '../shared/errors.js';
import { cartLines, clearCart, deleteCartLine, lockCartLine, putCartLine } from './cart.repository.js';

export interface CartLine {
  product_id: number;
  name: string;
  unit_price: number;
  quantity: number;
  available: number;
  active: boolean;
  line_total: number;
}

export interface Cart {
  lines: CartLine[];
  subtotal: number;
  /** Lines whose product is gone or short: checkout will refuse them until the customer fixes the cart. */
  problems: CartLine[];
}

const MAX_LINE_QUANTITY = 1000;

export function createCartService(deps: ServiceDeps) {
  const { db } = deps;
  async function view(userId: number, executor: Executor = db): Promise<Cart> {
    const rows = await cartLines(executor, userId);
    const lines = rows.map((r) => ({ ...r, line_total: r.unit_price * r.quantity }));
    return {
      lines,
      subtotal: lines.reduce((sum, line) => sum + line.line_total, 0),
      problems: lines.filter((line) => !line.active || line.quantity > line.available),
    };
  }

  /**
   * Changes a line: adds `increment` units in one atomic statement, or sets it to what `next` makes of its
   * current quantity (0 removes it). The line is written first and the product read after, under the lock order
   * of lockProducts; a quantity the product cannot supply rolls the change back.
   */
  function changeLine(
    userId: number,
    productRef: number | string,
    change: { increment: number } | { next: (current: number) => number },
  ): Promise<Cart> {
    return inTransaction(db, async (trx) => {
      const found = await findProductByRef(trx, productRef);
      if (!found?.active) throw new NotFoundError('product', String(productRef));
      let before: number;
      let quantity: number;
      if ('increment' in change) {
        // Two quick taps, from any process, both count: the statement adds to whatever the line holds by then.
        await putCartLine(trx, userId, found.id, change.increment, 'add');
        quantity = (await lockCartLine(trx, userId, found.id)) ?? 0;
        before = quantity - change.increment;
      } else {
        before = (await lockCartLine(trx, userId, found.id)) ?? 0;
        quantity = change.next(before);
      }
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
        throw new ValidationError(`A quantity is a whole number from 0 to ${MAX_LINE_QUANTITY}.`);
      }
      await checkCartQuantity(trx, deps, userId, { from: before, to: quantity });
      if (quantity === 0) await deleteCartLine(trx, userId, found.id);
      else if (!('increment' in change)) await putCartLine(trx, userId, found.id, quantity);
      if (quantity > 0) {
        // Read after the write: a product withdrawn or sold meanwhile is seen here, not missed.
        const product = await findProductByRef(trx, found.id);
        if (!product?.active) throw new NotFoundError('product', String(productRef));
        if (quantity > product.available)
          throw new OutOfStockError(product.name, product.available, quantity);
      }
      return view(userId, trx);
    });
  }

  return {
    view: (userId: number) => view(userId),
    setQuantity: (userId: number, productRef: number | string, quantity: number) =>
      changeLine(userId, productRef, { next: () => quantity }),
    /** Adds `quantity` (negative to take away) to what the cart holds of the product. */
    add: (userId: number, productRef: number | string, quantity = 1) =>
      changeLine(
        userId,
        productRef,
        Number.isInteger(quantity) && quantity > 0 && quantity <= MAX_LINE_QUANTITY
          ? { increment: quantity }
          : { next: (current) => Math.max(0, current + quantity) },
      ),
    remove: (userId: number, productRef: number | string) =>
      changeLine(userId, productRef, { next: () => 0 }),

    async clear(userId: number): Promise<void> {
      await writeStatement(db, () => clearCart(db, userId));
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
