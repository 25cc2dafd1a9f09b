import type { PaymentMethod } from '../db/schema.js';

/** What the bot needs to render each message; amounts are minor units of `currency`. */
export interface NotificationPayloads {
  order_placed: {
    code: string;
    customer: { telegram_id: number; username: string | null; name: string };
    items: { product: string; quantity: number; unit_price: number }[];
    subtotal: number;
    bonus_applied: number;
    total: number;
    currency: string;
    payment_method: PaymentMethod;
    delivery_address: string;
    phone: string;
    note: string | null;
    reserved_until: string;
  };
  order_confirmed: { code: string; delivery_time: string | null };
  order_delivered: { code: string };
  order_cancelled: { code: string; reason: string | null; by_customer: boolean };
  order_expired: { code: string; bonus_refunded: number; currency: string };
  order_items_changed: {
    code: string;
    total: number;
    currency: string;
    /**
     * For Bitcoin orders: where to pay, the amount at the order's locked rate (null: nothing to pay) and what
     * had arrived (absent in messages queued before it was recorded).
     */
    btc?: { address: string | null; amount_sats: number | null; received_sats?: number };
  };
  payment_seen: { code: string; received_sats: number };
  payment_underpaid: { code: string; address: string; missing_sats: number; received_sats: number };
  payment_received: { code: string; received_sats: number; amount_sats: number | null; excess_sats: number };
  payment_dropped: { code: string };
  payment_late: { code: string; status: string; received_sats: number };
  btc_rate_stale: { set_at: string; max_age_hours: number };
  delivery_time_changed: { code: string; delivery_time: string };
  /** `cancelled_orders`: the reserved orders the ban cancelled (absent in messages queued before it existed). */
  user_banned: { reason: string | null; cancelled_orders?: string[] };
  user_unbanned: Record<string, never>;
  /** Reserved orders a ban cancelled, told on their own when no ban message names them. */
  ban_orders_cancelled: { codes: string[] };
  bonus_credited: { amount: number; balance: number; currency: string; order_code: string };
  orders_expired_summary: { codes: string[] };
  btc_pool_low: { available: number; threshold: number };
  /** Raised once when outbox messages start failing; re-armed by `shopctl outbox retry`. */
  outbox_failing: { error: string };
  /** `thread_id`: the support thread the message joined (absent on rows queued before the inbox existed). */
  help_request: {
    from: { telegram_id: number; username: string | null; name: string };
    text: string;
    thread_id?: number;
  };
  /** The shop writing to a customer, in a support thread (a reply, or `user message`). */
  staff_message: { text: string; thread_id: number };
  /**
   * The owner's message to many customers: `html` text goes out as written, plain text escaped; `photo` is a
   * Telegram file id sent first, with the text as its caption when it fits.
   */
  broadcast: { broadcast_id: number; text: string; html: boolean; photo?: string };
}

export type NotificationKind = keyof NotificationPayloads;

export interface Notification<K extends NotificationKind = NotificationKind> {
  chatId: number;
  kind: K;
  payload: NotificationPayloads[K];
}

/** Outbox rows are claimed lowest priority first: a broadcast's thousands of rows wait behind everything else. */
export const OUTBOX_PRIORITY = { normal: 0, broadcast: 1 } as const;
