import type { Transaction } from 'kysely';
import { postBonus } from '../bonus/bonus.repository.js';
import type { Database, Order, OrderStatus } from '../db/schema.js';
import { type Executor, inTransaction } from '../db/transaction.js';
import { lockAndMoveStocks } from '../inventory/inventory.repository.js';
import { runWithLease } from '../jobs/lease.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../services.js';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import { findUser, lockUsers, staffChatIds } from '../users/users.repository.js';
import { canTransition, TRANSITIONS, type Transition } from './order-state.js';
import { lockOrderByCode, normaliseOrderCode, orderItems, recordStatus } from './orders.repository.js';

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

async function setStatus(trx: Executor, orders: readonly Order[], to: OrderStatus, now: Date, extra = {}) {
  const stamp = {
    confirmed: 'confirmed_at',
    delivered: 'delivered_at',
    cancelled: 'cancelled_at',
    expired: 'expired_at',
  };
  const column = stamp[to as keyof typeof stamp];
  await trx
    .updateTable('orders')
    .set({ status: to, updated_at: now, ...(column && { [column]: now }), ...extra })
    .where(
      'id',
      'in',
      orders.map((o) => o.id),
    )
    .execute();
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
  await setStatus(
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
  await setStatus(trx, [order], 'confirmed', now, { delivery_time: deliveryTime });
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
  const customer = await trx
    .selectFrom('users')
    .select(['id', 'referrer_id'])
    .where('id', '=', order.user_id)
    .executeTakeFirstOrThrow();
  await lockUsers(trx, [customer.id, ...(customer.referrer_id ? [customer.referrer_id] : [])]);
  const items = await orderItems(trx, [order.id]);
  await lockAndMoveStocks(
    trx,
    items.map((i) => ({ productId: i.product_id, stockDelta: -i.quantity, reservedDelta: -i.quantity })),
    { kind: 'deduct', orderId: order.id, actor, reason: 'delivered', now },
  );
  await setStatus(trx, [order], 'delivered', now);
  await recordStatus(trx, [{ orderId: order.id, from: order.status, to: 'delivered', actor }], now);
  await trx
    .insertInto('customer_profiles')
    .values({ user_id: customer.id, total_spent: order.total, completed_orders: 1 })
    .onDuplicateKeyUpdate((eb) => ({
      total_spent: eb('total_spent', '+', order.total),
      completed_orders: eb('completed_orders', '+', 1),
      updated_at: now,
    }))
    .execute();

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

/**
 * One expiry pass: expires every reserved order whose reservation has run out, in batches, each batch one
 * transaction (every order fully expired or untouched). The "expiry" job lease lets one pass run at a time
 * across all processes of one shop, on every node of a cluster; a second pass returns at once with
 * `ran: false`. The lease saves work, it does not guard correctness: each batch locks its orders and skips
 * locked ones, so even two passes at once never expire an order twice.
 */
export async function expireDueOrders(
  deps: ServiceDeps,
  options: { batchSize?: number } = {},
): Promise<{ ran: boolean; expired: string[] }> {
  const batchSize = options.batchSize ?? 500;
  const pass = await runWithLease(deps.db, 'expiry', async (lease) => {
    const expired: string[] = [];
    for (;;) {
      const codes = await inTransaction(deps.db, async (trx) => {
        const now = deps.clock.now();
        const due = await trx
          .selectFrom('orders')
          .selectAll()
          .where('status', '=', 'reserved')
          .where('reserved_until', '<=', now)
          .orderBy('reserved_until')
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        await closeOrders(trx, due, 'expire', { actor: 'system:expiry', notify: true, now });
        if (due.length > 0) {
          await enqueueNotification(
            trx,
            now,
            await staffChatIds(trx, deps.staffIds),
            'orders_expired_summary',
            {
              codes: due.map((o) => o.code),
            },
          );
        }
        return due.map((o) => o.code);
      });
      expired.push(...codes);
      // Lost lease: another process runs a pass now; leave the rest to it.
      if (codes.length < batchSize || lease.lost.aborted) break;
    }
    return expired;
  });
  return pass.ran ? { ran: true, expired: pass.value } : { ran: false, expired: [] };
}

/** A delivery time in the coming year: later than that is a typo in the year (and beyond what DATETIME holds). */
export function requireFuture(time: Date, now: Date): void {
  if (time.getTime() <= now.getTime()) throw new ValidationError('The delivery time must be in the future.');
  const yearAhead = new Date(now);
  yearAhead.setUTCFullYear(yearAhead.getUTCFullYear() + 1);
  if (time > yearAhead) throw new ValidationError('The delivery time must be within a year from now.');
}
