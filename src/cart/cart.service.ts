import { findProductByRef } from '../catalog/catalog.repository.js';
import { type Executor, inTransaction, writeStatement } from '../db/transaction.js';
import { checkCartQuantity } from '../orders/order-limits.js';
import type { ServiceDeps } from '../service-deps.js';
import { NotFoundError, OutOfStockError, ValidationError } from '../shared/errors.js';
import { lockUsers } from '../users/users.repository.js';
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
   * Changes a line to what `next` makes of its current quantity, after checking the product can supply it;
   * 0 removes the line.
   */
  function changeLine(
    userId: number,
    productRef: number | string,
    next: (current: number) => number,
  ): Promise<Cart> {
    return inTransaction(db, async (trx) => {
      // A missing line cannot be locked (READ COMMITTED takes no gap locks), so the customer's row is: two quick
      // taps, from any process, then run one after the other and both count.
      await lockUsers(trx, [userId]);
      const product = await findProductByRef(trx, productRef);
      if (!product?.active) throw new NotFoundError('product', String(productRef));
      const current = await lockCartLine(trx, userId, product.id);
      const quantity = next(current ?? 0);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
        throw new ValidationError(`A quantity is a whole number from 0 to ${MAX_LINE_QUANTITY}.`);
      }
      await checkCartQuantity(trx, deps, userId, { from: current ?? 0, to: quantity });
      if (quantity === 0) {
        await deleteCartLine(trx, userId, product.id);
      } else {
        if (quantity > product.available)
          throw new OutOfStockError(product.name, product.available, quantity);
        await putCartLine(trx, userId, product.id, quantity);
      }
      return view(userId, trx);
    });
  }

  return {
    view: (userId: number) => view(userId),
    setQuantity: (userId: number, productRef: number | string, quantity: number) =>
      changeLine(userId, productRef, () => quantity),
    /** Adds `quantity` (negative to take away) to what the cart holds of the product. */
    add: (userId: number, productRef: number | string, quantity = 1) =>
      changeLine(userId, productRef, (current) => Math.max(0, current + quantity)),
    remove: (userId: number, productRef: number | string) => changeLine(userId, productRef, () => 0),

    async clear(userId: number): Promise<void> {
      await writeStatement(db, () => clearCart(db, userId));
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
