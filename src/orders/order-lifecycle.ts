import type { Transaction } from 'kysely';
import { postBonus } from '../bonus/bonus.repository.js';
import type { Database, Order } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import { lockAndMoveStocks } from '../inventory/inventory.repository.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import { addCompletedOrder, findUser, lockUsers } from '../users/users.repository.js';
import { canTransition, TRANSITIONS, type Transition } from './order-state.js';
import { recordStatus, setOrdersStatus } from './order-status.repository.js';
import { lockOrderByCode, normaliseOrderCode, orderItems } from './orders.repository.js';

export interface ChangeOptions {
  /** Who acts, for the history: "owner", "customer:<id>", "system:expiry". */
  actor?: string;
  /** Tell the customer (default true). */
  notify?: boolean;
}

type Trx = Transaction<Database>;

/** Locks an order by code and checks the transition is allowed from its current status. */
export async function lockForTransition(trx: Executor, code: string, transition: Transition): Promise<Order> {
  const order = await lockOrderByCode(trx, code);
  if (!order) throw new NotFoundError('order', normaliseOrderCode(code));
  if (!canTransition(order.status, transition)) {
    throw new InvalidTransitionError(order.code, order.status, TRANSITIONS[transition].verb);
  }
  return order;
}

/**
 * Cancels or expires locked open orders together: releases their reservations, refunds their bonus, records
 * history and queues the customers' messages. Lock order: orders (held by the caller), users, products.
 */
export async function closeOrders(
  trx: Trx,
  orders: readonly Order[],
  transition: 'cancel' | 'expire',
  options: { actor: string; reason?: string | null; notify: boolean; now: Date },
): Promise<void> {
  if (orders.length === 0) return;
  const { now, actor } = options;
  const to = TRANSITIONS[transition].to;
  const items = await orderItems(
    trx,
    orders.map((o) => o.id),
  );
  await lockUsers(
    trx,
    orders.filter((o) => o.bonus_applied > 0).map((o) => o.user_id),
  );
  await lockAndMoveStocks(
    trx,
    items.map((i) => ({
      productId: i.product_id,
      orderId: i.order_id,
      stockDelta: 0,
      reservedDelta: -i.quantity,
    })),
    { kind: 'release', actor, reason: options.reason ?? transition, now },
  );
  for (const order of orders) {
    if (order.bonus_applied > 0) {
      await postBonus(trx, {
        userId: order.user_id,
        amount: order.bonus_applied,
        kind: 'order_refund',
        orderId: order.id,
        now,
      });
    }
  }
  await setOrdersStatus(
    trx,
    orders,
    to,
    now,
    transition === 'cancel' ? { cancel_reason: options.reason ?? null } : {},
  );
  await recordStatus(
    trx,
    orders.map((o) => ({ orderId: o.id, from: o.status, to, actor, note: options.reason ?? null })),
    now,
  );
  if (!options.notify) return;
  for (const order of orders) {
    if (transition === 'expire') {
      await enqueueNotification(trx, now, order.user_id, 'order_expired', {
        code: order.code,
        bonus_refunded: order.bonus_applied,
        currency: order.currency,
      });
    } else {
      await enqueueNotification(trx, now, order.user_id, 'order_cancelled', {
        code: order.code,
        reason: options.reason ?? null,
        by_customer: actor.startsWith('customer:'),
      });
    }
  }
}

/**
 * Confirms a reserved order locked by the caller, with the planned delivery time when known: the one way an
 * order is confirmed, whether the owner does it or a payment arrives.
 */
export async function confirmOrder(
  trx: Executor,
  order: Order,
  options: ChangeOptions & { deliveryTime?: Date | null; now: Date },
): Promise<void> {
  const { now } = options;
  if (options.deliveryTime) requireFuture(options.deliveryTime, now);
  const deliveryTime = options.deliveryTime ?? order.delivery_time;
  await setOrdersStatus(trx, [order], 'confirmed', now, { delivery_time: deliveryTime });
  await recordStatus(
    trx,
    [{ orderId: order.id, from: order.status, to: 'confirmed', actor: options.actor ?? 'owner' }],
    now,
  );
  if (options.notify !== false) {
    await enqueueNotification(trx, now, order.user_id, 'order_confirmed', {
      code: order.code,
      delivery_time: deliveryTime?.toISOString() ?? null,
    });
  }
}

/** Marks a confirmed order delivered: stock leaves the shop, the customer's totals grow, the referrer earns. */
export async function deliverOrder(
  trx: Trx,
  deps: ServiceDeps,
  order: Order,
  options: ChangeOptions & { now: Date },
) {
  const { now } = options;
  const actor = options.actor ?? 'owner';
  const customer = await findUser(trx, order.user_id);
  if (!customer) throw new NotFoundError('user', order.user_id);
  await lockUsers(trx, [customer.id, ...(customer.referrer_id ? [customer.referrer_id] : [])]);
  const items = await orderItems(trx, [order.id]);
  await lockAndMoveStocks(
    trx,
    items.map((i) => ({ productId: i.product_id, stockDelta: -i.quantity, reservedDelta: -i.quantity })),
    { kind: 'deduct', orderId: order.id, actor, reason: 'delivered', now },
  );
  await setOrdersStatus(trx, [order], 'delivered', now);
  await recordStatus(trx, [{ orderId: order.id, from: order.status, to: 'delivered', actor }], now);
  await addCompletedOrder(trx, customer.id, order.total, now);

  const percent = await deps.settings.get('reference_bonus_percent', trx);
  // Integer arithmetic, rounded down: the referrer never gets a fraction of a cent more than the percentage.
  const credit = Math.floor((order.total * percent) / 100);
  // A banned referrer earns nothing more (their row is locked above, so a ban cannot race this).
  const referrer = customer.referrer_id ? await findUser(trx, customer.referrer_id) : undefined;
  if (referrer && !referrer.banned_at && credit > 0) {
    const balance = await postBonus(trx, {
      userId: referrer.id,
      amount: credit,
      kind: 'referral_credit',
      orderId: order.id,
      now,
    });
    await enqueueNotification(trx, now, referrer.id, 'bonus_credited', {
      amount: credit,
      balance,
      currency: order.currency,
      order_code: order.code,
    });
  }
  if (options.notify !== false) {
    await enqueueNotification(trx, now, order.user_id, 'order_delivered', { code: order.code });
  }
}

/** A delivery time in the coming year: later than that is a typo in the year (and beyond what DATETIME holds). */
export function requireFuture(time: Date, now: Date): void {
  if (time.getTime() <= now.getTime()) throw new ValidationError('The delivery time must be in the future.');
  const yearAhead = new Date(now);
  yearAhead.setUTCFullYear(yearAhead.getUTCFullYear() + 1);
  if (time > yearAhead) throw new ValidationError('The delivery time must be within a year from now.');
}
