import { postBonus } from '../bonus/bonus.repository.js';
import { findProductByRef } from '../catalog/catalog.repository.js';
import { inTransaction } from '../db/transaction.js';
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
import { lockUsers, staffChatIds } from '../users/users.repository.js';
import {
  type ChangeOptions,
  closeOrders,
  confirmOrder,
  deliverOrder,
  expireDueOrders,
  lockForTransition,
  requireFuture,
} from './order-lifecycle.js';
import { isOpen } from './order-state.js';
import {
  findOrderByCode,
  listOrders,
  lockOrderByCode,
  normaliseOrderCode,
  type OrderDetails,
  type OrderListOptions,
  withDetails,
} from './orders.repository.js';
import type { PlaceOrderInput } from './orders.schemas.js';
import { placeOrder } from './place-order.js';

export function createOrderService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function get(code: string): Promise<OrderDetails> {
    const order = await findOrderByCode(db, code);
    if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
    return (await withDetails(db, [order]))[0] as OrderDetails;
  }

  /** Runs a change in a transaction and returns the order as it stands after. */
  async function change(
    code: string,
    work: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>,
  ) {
    await inTransaction(db, work);
    return get(code);
  }

  /** Adds (delta > 0) or removes (delta < 0) units of a product on an open order. */
  function changeItem(
    code: string,
    productRef: string | number,
    delta: number | 'all',
    options: ChangeOptions,
  ) {
    return change(code, async (trx) => {
      const order = await lockOrderByCode(trx, code);
      if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
      if (!isOpen(order.status)) throw new InvalidTransitionError(order.code, order.status, 'changed');
      const found = await findProductByRef(trx, productRef);
      if (!found) throw new NotFoundError('product', String(productRef));
      await lockUsers(trx, [order.user_id]);
      const locked = await lockProducts(trx, [found.id]);
      const product = locked.get(found.id);
      if (!product) throw new NotFoundError('product', String(productRef));
      const items = await trx
        .selectFrom('order_items')
        .selectAll()
        .where('order_id', '=', order.id)
        .execute();
      const line = items.find((i) => i.product_id === product.id);
      const now = clock.now();
      const actor = options.actor ?? 'owner';

      const change = delta === 'all' ? -(line?.quantity ?? 0) : delta;
      if (change > 0) {
        if (!product.active) throw new OutOfStockError(product.name, 0, change);
        const available = product.stock_quantity - product.reserved_quantity;
        if (available < change) throw new OutOfStockError(product.name, available, change);
        if (line) {
          await trx
            .updateTable('order_items')
            .set({ quantity: line.quantity + change })
            .where('id', '=', line.id)
            .execute();
        } else {
          await trx
            .insertInto('order_items')
            .values({
              order_id: order.id,
              product_id: product.id,
              product_name: product.name,
              unit_price: product.price,
              quantity: change,
            })
            .execute();
        }
      } else {
        if (!line) throw new NotFoundError(`item on order ${order.code}`, product.name);
        const removed = -change;
        if (removed <= 0 || removed > line.quantity) {
          throw new ValidationError(`Order ${order.code} has ${line.quantity} of "${product.name}".`);
        }
        if (removed === line.quantity && items.length === 1) {
          throw new ConflictError(`That would leave order ${order.code} empty; cancel the order instead.`);
        }
        if (removed === line.quantity)
          await trx.deleteFrom('order_items').where('id', '=', line.id).execute();
        else
          await trx
            .updateTable('order_items')
            .set({ quantity: line.quantity - removed })
            .where('id', '=', line.id)
            .execute();
      }
      await moveStocks(trx, locked, [{ productId: product.id, stockDelta: 0, reservedDelta: change }], {
        kind: change > 0 ? 'reserve' : 'release',
        orderId: order.id,
        actor,
        reason: 'order changed',
        now,
      });

      const subtotal = (
        await trx
          .selectFrom('order_items')
          .select(['unit_price', 'quantity'])
          .where('order_id', '=', order.id)
          .execute()
      ).reduce((sum, i) => sum + i.unit_price * i.quantity, 0);
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
      const btc =
        order.payment_method === 'btc' ? await repriceBitcoin(trx, deps, order, total, now) : undefined;
      await trx
        .updateTable('orders')
        .set({
          subtotal,
          bonus_applied: bonus,
          total,
          ...(btc && { btc_address: btc.address, btc_amount_sats: btc.amount_sats }),
          updated_at: now,
        })
        .where('id', '=', order.id)
        .execute();
      if (options.notify !== false) {
        await enqueueNotification(trx, now, order.user_id, 'order_items_changed', {
          code: order.code,
          total,
          currency: order.currency,
          ...(btc && { btc }),
        });
      }
    });
  }

  return {
    place: (input: PlaceOrderInput) => placeOrder(deps, input),
    get,

    async list(options: OrderListOptions = {}): Promise<OrderDetails[]> {
      return withDetails(db, await listOrders(db, options));
    },

    /** A customer's own order; someone else's code is "not found", never a leak. */
    async getForCustomer(userId: number, code: string): Promise<OrderDetails> {
      const order = await get(code);
      if (order.user_id !== userId) throw new NotFoundError('order', normaliseOrderCode(code));
      return order;
    },

    history(code: string) {
      return db
        .selectFrom('order_status_history as h')
        .innerJoin('orders as o', 'o.id', 'h.order_id')
        .select(['h.from_status', 'h.to_status', 'h.actor', 'h.note', 'h.created_at'])
        .where('o.code', '=', normaliseOrderCode(code))
        .orderBy('h.id')
        .execute();
    },

    /** reserved -> confirmed, with the planned delivery time when known. */
    confirm(code: string, options: ChangeOptions & { deliveryTime?: Date | null } = {}) {
      return change(code, async (trx) => {
        const order = await lockForTransition(trx, code, 'confirm');
        await confirmOrder(trx, order, { ...options, now: clock.now() });
      });
    },

    deliver(code: string, options: ChangeOptions = {}) {
      return change(code, async (trx) => {
        const order = await lockForTransition(trx, code, 'deliver');
        await deliverOrder(trx, deps, order, { ...options, now: clock.now() });
      });
    },

    cancel(code: string, options: ChangeOptions & { reason?: string | null } = {}) {
      return change(code, async (trx) => {
        const order = await lockForTransition(trx, code, 'cancel');
        await closeOrders(trx, [order], 'cancel', {
          actor: options.actor ?? 'owner',
          reason: options.reason?.trim() || null,
          notify: options.notify !== false,
          now: clock.now(),
        });
      });
    },

    /** A customer may cancel their own order while it is still only reserved. */
    cancelByCustomer(userId: number, code: string) {
      return change(code, async (trx) => {
        const order = await lockOrderByCode(trx, code);
        if (!order || order.user_id !== userId) throw new NotFoundError('order', normaliseOrderCode(code));
        if (order.status !== 'reserved')
          throw new InvalidTransitionError(order.code, order.status, 'cancelled by you');
        const now = clock.now();
        await closeOrders(trx, [order], 'cancel', {
          actor: `customer:${userId}`,
          reason: 'cancelled by customer',
          notify: false,
          now,
        });
        await enqueueNotification(trx, now, await staffChatIds(trx, deps.staffIds), 'order_cancelled', {
          code: order.code,
          reason: null,
          by_customer: true,
        });
      });
    },

    expireDue: (options: { batchSize?: number } = {}) => expireDueOrders(deps, options),

    addItem: (code: string, product: string | number, quantity = 1, options: ChangeOptions = {}) => {
      if (!Number.isInteger(quantity) || quantity <= 0)
        throw new ValidationError('The quantity must be a whole number above 0.');
      return changeItem(code, product, quantity, options);
    },

    /** Removes `quantity` units, or the whole line when no quantity is given. */
    removeItem: (code: string, product: string | number, quantity?: number, options: ChangeOptions = {}) => {
      if (quantity !== undefined && (!Number.isInteger(quantity) || quantity <= 0)) {
        throw new ValidationError('The quantity must be a whole number above 0.');
      }
      return changeItem(code, product, quantity === undefined ? 'all' : -quantity, options);
    },

    setDeliveryTime(code: string, deliveryTime: Date, options: ChangeOptions = {}) {
      return change(code, async (trx) => {
        const order = await lockOrderByCode(trx, code);
        if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
        if (!isOpen(order.status)) throw new InvalidTransitionError(order.code, order.status, 'rescheduled');
        const now = clock.now();
        requireFuture(deliveryTime, now);
        await trx
          .updateTable('orders')
          .set({ delivery_time: deliveryTime, updated_at: now })
          .where('id', '=', order.id)
          .execute();
        if (options.notify !== false) {
          await enqueueNotification(trx, now, order.user_id, 'delivery_time_changed', {
            code: order.code,
            delivery_time: deliveryTime.toISOString(),
          });
        }
      });
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
