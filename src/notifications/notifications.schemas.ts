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
  order_items_changed: { code: string; total: number; currency: string };
  delivery_time_changed: { code: string; delivery_time: string };
  user_banned: { reason: string | null };
  user_unbanned: Record<string, never>;
  bonus_credited: { amount: number; balance: number; currency: string; order_code: string };
  orders_expired_summary: { codes: string[] };
  btc_pool_low: { available: number; threshold: number };
  help_request: { from: { telegram_id: number; username: string | null; name: string }; text: string };
}

export type NotificationKind = keyof NotificationPayloads;

export interface Notification<K extends NotificationKind = NotificationKind> {
  chatId: number;
  kind: K;
  payload: NotificationPayloads[K];
}
