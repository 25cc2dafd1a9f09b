import { bonusBalance, postBonus } from '../bonus/bonus.repository.js';
import { inTransaction } from '../db/transaction.js';
import { reserveStock } from '../inventory/inventory.repository.js';
import { confirmOrder } from '../orders/order-lifecycle.js';
import { normaliseOrderCode, orderItems } from '../orders/orders.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../shared/errors.js';
import { lockUsers } from '../users/users.repository.js';
import type { PaymentChange } from './payment-rules.js';
import { minimumDue } from './payment-rules.js';
import { lockOrderPayment, updatePayment } from './payments.repository.js';

/**
 * Brings back an expired or cancelled order whose payment arrived late: its stock is reserved again (refused
 * when there is not enough), the bonus it had used is taken again, and it is confirmed as the owner would.
 * Lock order as everywhere: the order, then the user, then the products.
 */
export async function reviveOrder(deps: ServiceDeps, code: string, actor: string): Promise<PaymentChange> {
  return inTransaction(deps.db, async (trx) => {
    const normalised = normaliseOrderCode(code);
    const locked = await lockOrderPayment(trx, { code: normalised });
    if (!locked) throw new NotFoundError('Bitcoin order', normalised);
    const { order, payment } = locked;
    if (order.status !== 'expired' && order.status !== 'cancelled') {
      throw new InvalidTransitionError(order.code, order.status, 'revived');
    }
    if (payment.state !== 'late') {
      throw new ConflictError(`Order ${order.code} has no late payment; nothing arrived after it closed.`);
    }
    const now = deps.clock.now();
    if (order.bonus_applied > 0) {
      await lockUsers(trx, [order.user_id]);
      if ((await bonusBalance(trx, order.user_id)) < order.bonus_applied) {
        throw new ConflictError(`The customer no longer has the bonus order ${order.code} used.`);
      }
      await postBonus(trx, {
        userId: order.user_id,
        amount: -order.bonus_applied,
        kind: 'adjustment',
        orderId: order.id,
        note: `order ${order.code} revived`,
        now,
      });
    }
    const items = await orderItems(trx, [order.id]);
    const reserved = await reserveStock(
      trx,
      items.map((i) => ({ productId: i.product_id, quantity: i.quantity })),
      { orderId: order.id, actor, now },
    );
    if (!reserved) {
      throw new ConflictError(
        `Not enough stock to revive order ${order.code}; add stock or refund the customer.`,
      );
    }
    await confirmOrder(trx, order, { actor, now });
    const amount = order.btc_amount_sats;
    const tolerance = await deps.settings.get('btc_underpay_tolerance_percent', trx);
    const to =
      amount === null || payment.received_sats < minimumDue(amount, tolerance)
        ? 'underpaid'
        : payment.received_sats > amount
          ? 'overpaid'
          : 'paid';
    await updatePayment(trx, order.id, {
      state: to,
      paid_at: to === 'underpaid' ? null : now,
      updated_at: now,
    });
    return { code: order.code, from: payment.state, to };
  });
}
