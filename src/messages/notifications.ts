import type { NotificationKind, NotificationPayloads } from '../notifications/notifications.schemas.js';
import { amountDue } from '../payments/payment-rules.js';
import { formatBtc } from '../shared/money.js';
import { bitcoinUri } from './bitcoin.js';
import type { Formatter } from './format.js';
import { escapeHtml } from './html.js';
import type { Translate } from './i18n.js';
import { cutText } from './limits.js';
import { paymentKey } from './order-payment.js';

/**
 * Renders an outbox row in its recipient's language. Everything typed by a person (names, addresses, reasons,
 * help messages) reaches the text only as a translation variable, so it is escaped.
 */

type Renderers = { [K in NotificationKind]: (payload: NotificationPayloads[K]) => string };

function person(
  t: Translate,
  key: string,
  who: { telegram_id: number; username: string | null; name: string },
) {
  return t(key, {
    name: who.name || '—',
    username: who.username ? `@${who.username}` : '',
    id: String(who.telegram_id),
  });
}

export function renderNotification<K extends NotificationKind>(
  t: Translate,
  f: Formatter,
  kind: K,
  payload: NotificationPayloads[K],
): string {
  const renderers: Renderers = {
    order_placed: (p) =>
      [
        t('notify-order-placed', { code: p.code }),
        person(t, 'notify-customer', p.customer),
        '',
        ...p.items.map((i) =>
          t('order-item', {
            name: i.product,
            qty: i.quantity,
            total: f.money(i.unit_price * i.quantity, p.currency),
          }),
        ),
        '',
        t('order-subtotal', { amount: f.money(p.subtotal, p.currency) }),
        ...(p.bonus_applied > 0 ? [t('order-bonus', { amount: f.money(p.bonus_applied, p.currency) })] : []),
        t('order-total', { amount: f.money(p.total, p.currency) }),
        t(paymentKey(p)),
        '',
        t('order-address', { address: p.delivery_address }),
        t('order-phone', { phone: p.phone }),
        ...(p.note ? [t('order-note', { note: p.note })] : []),
        t('notify-reserved-until', { time: f.time(p.reserved_until) }),
        '',
        t('notify-confirm-with'),
        t('notify-confirm-command', { code: p.code }),
      ].join('\n'),
    order_confirmed: (p) =>
      [
        t('notify-order-confirmed', { code: p.code }),
        ...(p.delivery_time ? [t('notify-delivery-at', { time: f.time(p.delivery_time) })] : []),
      ].join('\n'),
    order_delivered: (p) => t('notify-order-delivered', { code: p.code }),
    order_cancelled: (p) =>
      p.by_customer
        ? t('notify-order-cancelled-by-customer', { code: p.code })
        : [
            t('notify-order-cancelled', { code: p.code }),
            ...(p.reason ? [t('notify-reason', { reason: p.reason })] : []),
          ].join('\n'),
    order_expired: (p) =>
      [
        t('notify-order-expired', { code: p.code }),
        ...(p.bonus_refunded > 0
          ? [t('notify-bonus-refunded', { amount: f.money(p.bonus_refunded, p.currency) })]
          : []),
      ].join('\n'),
    order_items_changed: (p) =>
      [
        t('notify-order-items-changed', { code: p.code, total: f.money(p.total, p.currency) }),
        ...(p.btc ? bitcoinDueLines(t, p.btc) : []),
      ].join('\n'),
    payment_seen: (p) => t('notify-payment-seen', { code: p.code, btc: formatBtc(p.received_sats) }),
    payment_underpaid: (p) =>
      [
        t('notify-payment-underpaid', {
          code: p.code,
          received: formatBtc(p.received_sats),
          missing: formatBtc(p.missing_sats),
        }),
        t('notify-payment-pay-rest', { address: p.address }),
        `<code>${escapeHtml(bitcoinUri(p.address, p.missing_sats))}</code>`,
      ].join('\n'),
    payment_received: (p) =>
      [
        t('notify-payment-received', { code: p.code, btc: formatBtc(p.received_sats) }),
        ...(p.excess_sats > 0 ? [t('notify-payment-excess', { btc: formatBtc(p.excess_sats) })] : []),
      ].join('\n'),
    payment_dropped: (p) => t('notify-payment-dropped', { code: p.code }),
    payment_late: (p) =>
      t('notify-payment-late', { code: p.code, status: p.status, btc: formatBtc(p.received_sats) }),
    btc_rate_stale: (p) => t('notify-btc-rate-stale', { time: f.time(p.set_at), hours: p.max_age_hours }),
    delivery_time_changed: (p) =>
      t('notify-delivery-time-changed', { code: p.code, time: f.time(p.delivery_time) }),
    user_banned: (p) =>
      [
        t('notify-user-banned'),
        ...(p.reason ? [t('notify-reason', { reason: p.reason })] : []),
        ...(p.cancelled_orders?.length
          ? [t('notify-banned-orders-cancelled', { codes: p.cancelled_orders.join(', ') })]
          : []),
      ].join('\n'),
    user_unbanned: () => t('notify-user-unbanned'),
    ban_orders_cancelled: (p) => t('notify-banned-orders-cancelled', { codes: p.codes.join(', ') }),
    bonus_credited: (p) =>
      t('notify-bonus-credited', {
        amount: f.money(p.amount, p.currency),
        balance: f.money(p.balance, p.currency),
        code: p.order_code,
      }),
    orders_expired_summary: (p) => t('notify-orders-expired', { codes: p.codes.join(', ') }),
    btc_pool_low: (p) => t('notify-btc-pool-low', { available: p.available, threshold: p.threshold }),
    outbox_failing: (p) => t('notify-outbox-failing', { error: p.error }),
    help_request: (p) =>
      [
        person(t, 'notify-help-request', p.from),
        '',
        escapedWithin(p.text, 3600),
        ...(p.thread_id ? ['', t('notify-help-reply-with', { thread: p.thread_id })] : []),
      ].join('\n'),
    broadcast: (p) => (p.html ? p.text : escapeHtml(p.text)),
    staff_message: (p) =>
      [t('notify-staff-message'), '', escapedWithin(p.text, 3600), '', t('notify-staff-message-answer')].join(
        '\n',
      ),
  };
  const render = renderers[kind];
  if (!render) throw new UnknownNotificationError(kind);
  return render(payload);
}

/**
 * The BIP21 link a payment message asks the customer to pay, when it asks for one: such a message goes out as
 * a QR code with the text as its caption, so a wallet can scan it.
 */
export function paymentLinkOf<K extends NotificationKind>(kind: K, payload: NotificationPayloads[K]) {
  if (kind === 'payment_underpaid') {
    const p = payload as NotificationPayloads['payment_underpaid'];
    return bitcoinUri(p.address, p.missing_sats);
  }
  if (kind === 'order_items_changed') {
    const btc = (payload as NotificationPayloads['order_items_changed']).btc;
    if (btc?.address && btc.amount_sats) return bitcoinUri(btc.address, btc.amount_sats);
  }
  return undefined;
}

/** The new amount in BTC; after a part payment also what arrived, and the request is only for the rest. */
function bitcoinDueLines(t: Translate, due: NotificationPayloads['order_items_changed']['btc']): string[] {
  if (!due?.address || due.amount_sats === null) return [t('notify-btc-nothing-due')];
  const received = due.received_sats ?? 0;
  const missing = amountDue(due.amount_sats, { received_sats: received });
  const amounts = { amount: formatBtc(due.amount_sats), received: formatBtc(received) };
  if (missing === null) return [t('notify-btc-covered', amounts)];
  return [
    ...(received > 0 ? [t('notify-btc-partly-paid', { ...amounts, missing: formatBtc(missing) })] : []),
    t('notify-btc-new-amount', { btc: formatBtc(missing), address: due.address }),
    `<code>${escapeHtml(bitcoinUri(due.address, missing))}</code>`,
  ];
}

/** The customer's own words, escaped, cut so the message stays within Telegram's 4096 characters. */
function escapedWithin(text: string, limit: number): string {
  let escaped = escapeHtml(text);
  for (let keep = [...text].length; escaped.length > limit && keep > 0; keep = Math.floor(keep * 0.9)) {
    escaped = escapeHtml(cutText(text, keep));
  }
  return escaped;
}

export class UnknownNotificationError extends Error {
  override name = 'UnknownNotificationError';
  constructor(kind: string) {
    super(`No renderer for notification kind "${kind}".`);
  }
}
