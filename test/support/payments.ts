import type { PaidOutput } from '../../src/payments/payment-rules.js';
import type { Services } from '../../src/services.js';

/** Records what an explorer would report for one order, as a watcher pass does. */
export async function reportOutputs(services: Services, orderId: number, outputs: PaidOutput[], tip: number) {
  const { orders, rules } = await services.payments.watchList();
  const watched = orders.find((o) => o.order_id === orderId);
  if (!watched) throw new Error(`order ${orderId} is not watched`);
  return services.payments.record(watched, outputs, tip, rules);
}
