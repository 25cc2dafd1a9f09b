import type { PaymentState } from '../db/schema.js';

/** One output paying an order's address; `height` is null while its transaction is in the mempool. */
export interface PaidOutput {
  txid: string;
  vout: number;
  value: number;
  height: number | null;
}

/** A payment state an order moved through, reported by the watcher and by mark-paid. */
export interface PaymentChange {
  code: string;
  from: PaymentState;
  to: PaymentState;
}

export interface Assessment {
  state: Exclude<PaymentState, 'late'>;
  received: number;
  /** Received in outputs with at least the required confirmations. */
  confirmed: number;
  /** Of the least confirmed output (0 when one is unconfirmed or nothing arrived). */
  confirmations: number;
}

export const confirmationsOf = (height: number | null, tip: number) =>
  height === null ? 0 : Math.max(0, tip - height + 1);

/**
 * Where an order's payment stands, from the outputs paying its address now:
 * nothing -> waiting (also when a transaction seen before was replaced or dropped); short of the amount ->
 * underpaid; enough but not yet confirmed enough -> seen; enough confirmed -> paid, or overpaid above the
 * amount. Without a locked amount any money is only "seen": the owner decides.
 */
export function assess(
  outputs: readonly PaidOutput[],
  options: { tip: number; required: number; amountSats: number | null; tolerancePercent: number },
): Assessment {
  const received = outputs.reduce((sum, o) => sum + o.value, 0);
  const confs = outputs.map((o) => confirmationsOf(o.height, options.tip));
  const confirmed = outputs.reduce(
    (sum, o, i) => sum + ((confs[i] as number) >= options.required ? o.value : 0),
    0,
  );
  const confirmations = confs.length > 0 ? Math.min(...confs) : 0;
  const base = { received, confirmed, confirmations };
  if (received === 0) return { ...base, state: 'waiting' };
  if (options.amountSats === null) return { ...base, state: 'seen' };
  const due = minimumDue(options.amountSats, options.tolerancePercent);
  if (received < due) return { ...base, state: 'underpaid' };
  if (confirmed < due) return { ...base, state: 'seen' };
  return { ...base, state: confirmed > options.amountSats ? 'overpaid' : 'paid' };
}

/** The least that counts as paid: the amount less the tolerance, rounded in the shop's favour. */
export function minimumDue(amountSats: number, tolerancePercent: number): number {
  return amountSats - Math.floor((amountSats * tolerancePercent) / 100);
}

/** What the customer still has to send: the locked amount less what arrived (null when no amount is locked). */
export function amountDue(
  amountSats: number | null,
  payment: { received_sats: number } | null | undefined,
): number | null {
  if (amountSats === null) return null;
  return Math.max(0, amountSats - (payment?.received_sats ?? 0)) || null;
}
