import type { PaymentMethod } from '../db/schema.js';

/** How an order is paid, as one locale key: an order the bonus covers in full has nothing to pay either way. */
export function paymentKey(order: { payment_method: PaymentMethod; total: number }): string {
  if (order.total === 0) return 'order-payment-bonus';
  return order.payment_method === 'btc' ? 'order-payment-btc' : 'order-payment-cod';
}
