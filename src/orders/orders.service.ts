import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { InvalidTransitionError, NotFoundError } from '../shared/errors.js';
import { staffChatIds } from '../users/users.repository.js';
import { expireDueOrders } from './order-expiry.js';
import { changeOrderItem, requireUnits } from './order-items.js';
import {
  type ChangeOptions,
  closeOrders,
  confirmOrder,
  deliverOrder,
  lockForTransition,
  requireFuture,
} from './order-lifecycle.js';
import { isOpen } from './order-state.js';
import { orderHistory } from './order-status.repository.js';
import {
  findOrderByCode,
  listOrders,
  lockOrderByCode,
  normaliseOrderCode,
  type OrderListOptions,
  updateOrder,
  withDetails,
} from './orders.repository.js';
import type { OrderDetails, PlaceOrderInput } from './orders.schemas.js';
import { placedBefore, placeOrder } from './place-order.js';

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

  return {
    place: (input: PlaceOrderInput) => placeOrder(deps, input),
    /** The order a customer placed from checkout `token`, if any (see placeOrder). */
    placedFrom: (userId: number, token: string) => placedBefore(db, userId, token),
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

    history: (code: string) => orderHistory(db, code),

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
      requireUnits(quantity);
      return change(code, (trx) => changeOrderItem(trx, deps, code, product, quantity, options));
    },

    /** Removes `quantity` units, or the whole line when no quantity is given. */
    removeItem: (code: string, product: string | number, quantity?: number, options: ChangeOptions = {}) => {
      if (quantity !== undefined) requireUnits(quantity);
      const delta = quantity === undefined ? 'all' : -quantity;
      return change(code, (trx) => changeOrderItem(trx, deps, code, product, delta, options));
    },

    setDeliveryTime(code: string, deliveryTime: Date, options: ChangeOptions = {}) {
      return change(code, async (trx) => {
        const order = await lockOrderByCode(trx, code);
        if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
        if (!isOpen(order.status)) throw new InvalidTransitionError(order.code, order.status, 'rescheduled');
        const now = clock.now();
        requireFuture(deliveryTime, now);
        await updateOrder(trx, order.id, { delivery_time: deliveryTime, updated_at: now });
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
