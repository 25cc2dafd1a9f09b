import type { BtcPayment, Order, PaymentState } from '../db/schema.js';
import { type Executor, inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import { confirmOrder } from '../orders/order-lifecycle.js';
import { findOrderByCode, normaliseOrderCode } from '../orders/orders.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../shared/errors.js';
import { staffChatIds } from '../users/users.repository.js';
import { type Assessment, assess, type PaidOutput, type PaymentChange } from './payment-rules.js';
import {
  findPayment,
  lockOrderPayment,
  paymentOutputs,
  replaceOutputs,
  updatePayment,
  type WatchedOrder,
  watchedOrders,
} from './payments.repository.js';
import { reviveOrder } from './revive.js';

/** States the watcher still asks the explorer about; paid, overpaid and late are settled. */
const WATCHED: readonly PaymentState[] = ['waiting', 'seen', 'underpaid'];
const PAYMENT_ACTOR = 'system:payments';
const DAY_MS = 86_400_000;

export interface PaymentRules {
  required: number;
  tolerancePercent: number;
}

export interface PaymentView extends BtcPayment {
  outputs: { txid: string; vout: number; value_sats: number; block_height: number | null }[];
}

export function createPaymentService(deps: ServiceDeps) {
  const { db, clock, settings } = deps;

  /** Tells the customer and the staff what the move from `from` to `to` means, in the change's transaction. */
  async function announce(trx: Executor, order: Order, to: PaymentState, found: Assessment, now: Date) {
    const staff = await staffChatIds(trx, deps.staffIds);
    const { code } = order;
    const amount = order.btc_amount_sats;
    switch (to) {
      case 'seen':
        return enqueueNotification(trx, now, [order.user_id, ...staff], 'payment_seen', {
          code,
          received_sats: found.received,
        });
      case 'underpaid':
        return enqueueNotification(trx, now, order.user_id, 'payment_underpaid', {
          code,
          address: order.btc_address as string,
          received_sats: found.received,
          missing_sats: (amount ?? 0) - found.received,
        });
      case 'waiting':
        return enqueueNotification(trx, now, [order.user_id, ...staff], 'payment_dropped', { code });
      case 'late':
        return enqueueNotification(trx, now, staff, 'payment_late', {
          code,
          status: order.status,
          received_sats: found.received,
        });
      case 'paid':
      case 'overpaid':
        if (order.status === 'reserved') await confirmOrder(trx, order, { actor: PAYMENT_ACTOR, now });
        return enqueueNotification(trx, now, staff, 'payment_received', {
          code,
          received_sats: found.confirmed,
          amount_sats: amount,
          excess_sats: amount === null ? 0 : Math.max(0, found.confirmed - amount),
        });
    }
  }

  return {
    /** The orders a watcher pass checks now, and the settings it judges them by (read once per pass). */
    async watchList(): Promise<{ orders: WatchedOrder[]; rules: PaymentRules }> {
      const config = await settings.all();
      const lateSince = new Date(clock.now().getTime() - config.btc_late_payment_days * DAY_MS);
      return {
        orders: await watchedOrders(db, lateSince),
        rules: {
          required: config.btc_confirmations,
          tolerancePercent: config.btc_underpay_tolerance_percent,
        },
      };
    },

    /**
     * Records what the explorer reports for one order, under the order's lock: the outputs, the amounts and
     * the state they mean. A move to paid confirms a reserved order exactly as the owner would. Two watchers
     * reporting the same thing change it once: the second finds the state already moved.
     */
    async record(
      watched: WatchedOrder,
      outputs: readonly PaidOutput[],
      tip: number,
      rules: PaymentRules,
    ): Promise<PaymentChange | null> {
      // Most checks find nothing at all; those cost no transaction (the row read with the list still stands).
      if (outputs.length === 0 && watched.state === 'waiting' && watched.received_sats === 0) return null;
      return inTransaction(db, async (trx) => {
        const locked = await lockOrderPayment(trx, { orderId: watched.order_id });
        if (!locked || !WATCHED.includes(locked.payment.state)) return null;
        const { order, payment } = locked;
        const now = clock.now();
        const found = assess(outputs, { tip, amountSats: order.btc_amount_sats, ...rules });
        const closed = order.status === 'expired' || order.status === 'cancelled';
        const to: PaymentState = closed ? (found.received > 0 ? 'late' : 'waiting') : found.state;
        await replaceOutputs(trx, order.id, outputs, now);
        await updatePayment(trx, order.id, {
          state: to,
          received_sats: found.received,
          confirmed_sats: found.confirmed,
          confirmations: found.confirmations,
          checked_at: now,
          paid_at: to === 'paid' || to === 'overpaid' ? now : null,
          updated_at: now,
        });
        if (to === payment.state) return null;
        await announce(trx, order, to, found, now);
        return { code: order.code, from: payment.state, to };
      });
    },

    /** The owner records a payment the watcher cannot see (another wallet, an exchange): confirms a reserved order. */
    async markPaid(code: string, actor = 'owner'): Promise<PaymentChange> {
      return inTransaction(db, async (trx) => {
        const normalised = normaliseOrderCode(code);
        const locked = await lockOrderPayment(trx, { code: normalised });
        if (!locked) {
          if (!(await findOrderByCode(trx, normalised))) throw new NotFoundError('order', normalised);
          throw new ConflictError(`Order ${normalised} has no Bitcoin payment to mark.`);
        }
        const { order, payment } = locked;
        if (!WATCHED.includes(payment.state)) {
          throw new ConflictError(`The payment of order ${order.code} is already ${payment.state}.`);
        }
        if (order.status !== 'reserved' && order.status !== 'confirmed') {
          throw new InvalidTransitionError(order.code, order.status, 'marked paid');
        }
        const now = clock.now();
        await updatePayment(trx, order.id, {
          state: 'paid',
          marked_paid_by: actor,
          paid_at: now,
          updated_at: now,
        });
        if (order.status === 'reserved') await confirmOrder(trx, order, { actor, now });
        return { code: order.code, from: payment.state, to: 'paid' };
      });
    },

    /** An expired or cancelled order paid late: stock reserved again when available, then confirmed. */
    revive: (code: string, actor = 'owner') => reviveOrder(deps, code, actor),

    /** An order's payment with the outputs seen, or null when it has none (cash, or nothing to pay). */
    async view(orderId: number): Promise<PaymentView | null> {
      const payment = await findPayment(db, orderId);
      if (!payment) return null;
      return { ...payment, outputs: await paymentOutputs(db, orderId) };
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
