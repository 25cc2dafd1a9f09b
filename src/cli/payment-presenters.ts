import type { PaymentView } from '../payments/payments.service.js';
import { formatBtc } from '../shared/money.js';
import type { Cell } from './output.js';
import { iso } from './output.js';

/** A Bitcoin order's payment for `order show --json`: amounts as BTC decimals, times in ISO 8601 UTC. */
export function paymentJson(payment: PaymentView | null) {
  if (!payment) return null;
  return {
    state: payment.state,
    received: formatBtc(payment.received_sats),
    confirmed: formatBtc(payment.confirmed_sats),
    confirmations: payment.confirmations,
    txids: [...new Set(payment.outputs.map((o) => o.txid))],
    marked_paid_by: payment.marked_paid_by,
    checked_at: iso(payment.checked_at),
    paid_at: iso(payment.paid_at),
  };
}

/** The same as label/value rows for `order show`. */
export function paymentRows(payment: PaymentView | null): [string, Cell][] {
  if (!payment) return [];
  const txids = [...new Set(payment.outputs.map((o) => o.txid))];
  return [
    [
      'Payment state',
      payment.marked_paid_by ? `${payment.state} (marked by ${payment.marked_paid_by})` : payment.state,
    ],
    ['BTC received', `${formatBtc(payment.received_sats)} BTC`],
    ['Confirmations', payment.outputs.length > 0 ? payment.confirmations : undefined],
    ['Transactions', txids.length > 0 ? txids.join('\n') : undefined],
  ];
}
