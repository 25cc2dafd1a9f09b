import { postBonus } from '../bonus/bonus.repository.js';
import { findProductByRef } from '../catalog/catalog.repository.js';
import type { Order, OrderItem, Product } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { lockProducts, moveStocks } from '../inventory/inventory.repository.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import { repriceBitcoin } from '../payments/reprice.js';
import type { ServiceDeps } from '../service-deps.js';
import {
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  OutOfStockError,
  ValidationError,
} from '../shared/errors.js';
import { lockUsers } from '../users/users.repository.js';
import { deleteOrderItem, insertOrderItems, setOrderItemQuantity } from './order-items.repository.js';
import type { ChangeOptions } from './order-lifecycle.js';
import { isOpen } from './order-state.js';
import { lockOrderByCode, normaliseOrderCode, orderItems, updateOrder } from './orders.repository.js';

/** A whole number of units above zero, as addItem and removeItem take. */
export function requireUnits(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity <= 0)
    throw new ValidationError('The quantity must be a whole number above 0.');
}

/** Puts `units` more of the product on the order, on its line when it has one; stock must be there. */
async function addUnits(
  trx: Executor,
  order: Order,
  product: Product,
  line: OrderItem | undefined,
  units: number,
) {
  if (!product.active) throw new OutOfStockError(product.name, 0, units);
  const available = product.stock_quantity - product.reserved_quantity;
  if (available < units) throw new OutOfStockError(product.name, available, units);
  if (line) return setOrderItemQuantity(trx, line.id, line.quantity + units);
  return insertOrderItems(trx, [
    {
      order_id: order.id,
      product_id: product.id,
      product_name: product.name,
      unit_price: product.price,
      quantity: units,
    },
  ]);
}

/** Takes `units` off the product's line; the order's last line cannot go (cancelling is the way for that). */
async function removeUnits(
  trx: Executor,
  order: Order,
  product: Product,
  items: readonly OrderItem[],
  units: number,
) {
  const line = items.find((i) => i.product_id === product.id);
  if (!line) throw new NotFoundError(`item on order ${order.code}`, product.name);
  if (units <= 0 || units > line.quantity) {
    throw new ValidationError(`Order ${order.code} has ${line.quantity} of "${product.name}".`);
  }
  if (units < line.quantity) return setOrderItemQuantity(trx, line.id, line.quantity - units);
  if (items.length === 1) {
    throw new ConflictError(`That would leave order ${order.code} empty; cancel the order instead.`);
  }
  return deleteOrderItem(trx, line.id);
}

/**
 * Brings the order's totals in line with its items: a bonus larger than the new subtotal is refunded in part,
 * and a Bitcoin order is repriced at its own rate. Returns the new total and Bitcoin due.
 */
async function settleTotals(trx: Executor, deps: ServiceDeps, order: Order, now: Date) {
  const subtotal = (await orderItems(trx, [order.id])).reduce((sum, i) => sum + i.unit_price * i.quantity, 0);
  const bonus = Math.min(order.bonus_applied, subtotal);
  if (bonus < order.bonus_applied) {
    await postBonus(trx, {
      userId: order.user_id,
      amount: order.bonus_applied - bonus,
      kind: 'order_refund',
      orderId: order.id,
      now,
    });
  }
  const total = subtotal - bonus;
  const btc = order.payment_method === 'btc' ? await repriceBitcoin(trx, deps, order, total, now) : undefined;
  await updateOrder(trx, order.id, {
    subtotal,
    bonus_applied: bonus,
    total,
    ...(btc && { btc_address: btc.address, btc_amount_sats: btc.amount_sats }),
    updated_at: now,
  });
  return { total, btc };
}

/**
 * Adds (delta > 0) or removes (delta < 0, or 'all' of the line) units of a product on an open order, inside
 * the caller's transaction: reservation moved, totals settled, the customer told unless asked not to.
 */
export async function changeOrderItem(
  trx: Executor,
  deps: ServiceDeps,
  code: string,
  productRef: string | number,
  delta: number | 'all',
  options: ChangeOptions,
): Promise<void> {
  const order = await lockOrderByCode(trx, code);
  if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
  if (!isOpen(order.status)) throw new InvalidTransitionError(order.code, order.status, 'changed');
  const found = await findProductByRef(trx, productRef);
  if (!found) throw new NotFoundError('product', String(productRef));
  await lockUsers(trx, [order.user_id]);
  const locked = await lockProducts(trx, [found.id]);
  const product = locked.get(found.id);
  if (!product) throw new NotFoundError('product', String(productRef));
  const items = await orderItems(trx, [order.id]);
  const line = items.find((i) => i.product_id === product.id);
  const now = deps.clock.now();

  const change = delta === 'all' ? -(line?.quantity ?? 0) : delta;
  if (change > 0) await addUnits(trx, order, product, line, change);
  else await removeUnits(trx, order, product, items, -change);
  await moveStocks(trx, locked, [{ productId: product.id, stockDelta: 0, reservedDelta: change }], {
    kind: change > 0 ? 'reserve' : 'release',
    orderId: order.id,
    actor: options.actor ?? 'owner',
    reason: 'order changed',
    now,
  });

  const { total, btc } = await settleTotals(trx, deps, order, now);
  if (options.notify !== false) {
    await enqueueNotification(trx, now, order.user_id, 'order_items_changed', {
      code: order.code,
      total,
      currency: order.currency,
      ...(btc && { btc }),
    });
  }
}
