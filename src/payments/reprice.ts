import { takeOrderAddress } from '../btc/address-source.js';
import { assignAddress } from '../btc/btc.repository.js';
import type { Order } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { fiatToSats } from '../shared/money.js';
import { minimumDue } from './payment-rules.js';
import { findPayment, insertPayment, updatePayment } from './payments.repository.js';

export interface BitcoinDue {
  address: string | null;
  amount_sats: number | null;
  /** What the watcher has seen arrive at the address so far, so the customer is asked only for the rest. */
  received_sats: number;
}

/**
 * A Bitcoin order's new total after an item change, in BTC at the rate the order was placed at (never today's
 * rate). An order that had nothing to pay takes its address now; a paid one that now asks for more than
 * arrived is underpaid again, so the watcher looks at it once more.
 */
export async function repriceBitcoin(
  trx: Executor,
  deps: ServiceDeps,
  order: Order,
  total: number,
  now: Date,
): Promise<BitcoinDue> {
  let address = order.btc_address;
  if (!address && total > 0) {
    const taken = await takeOrderAddress(trx, deps, now);
    await assignAddress(trx, taken.id, order.id, now);
    await insertPayment(trx, order.id, now);
    address = taken.address;
  }
  const amount = address && order.btc_rate && total > 0 ? fiatToSats(total, order.btc_rate) : null;
  const payment = address ? await findPayment(trx, order.id) : undefined;
  if (payment && amount !== null && (payment.state === 'paid' || payment.state === 'overpaid')) {
    const tolerance = await deps.settings.get('btc_underpay_tolerance_percent', trx);
    if (payment.confirmed_sats < minimumDue(amount, tolerance) && !payment.marked_paid_by) {
      await updatePayment(trx, order.id, { state: 'underpaid', paid_at: null, updated_at: now });
    }
  }
  return { address, amount_sats: amount, received_sats: payment?.received_sats ?? 0 };
}
