import { bitcoinUri } from '../../messages/bitcoin.js';
import { type Formatter, formatter } from '../../messages/format.js';
import { paymentKey } from '../../messages/order-payment.js';
import type { OrderDetails } from '../../orders/orders.schemas.js';
import { amountDue } from '../../payments/payment-rules.js';
import type { PaymentView } from '../../payments/payments.service.js';
import { formatBtc } from '../../shared/money.js';
import type { BotContext } from '../context.js';
import { fitMessage } from './fit-message.js';

/** An order as its customer sees it: after placing it and in My orders. */

export async function orderFormatter(ctx: BotContext, order: OrderDetails): Promise<Formatter> {
  const timeZone = await ctx.services.settings.get('timezone');
  return formatter(ctx.locale, order.currency, timeZone);
}

export function itemLines(ctx: BotContext, order: OrderDetails, f: Formatter): string[] {
  return order.items.map((item) =>
    ctx.t('order-item', {
      name: item.product_name,
      qty: item.quantity,
      total: f.money(item.unit_price * item.quantity),
    }),
  );
}

export function totalLines(ctx: BotContext, order: OrderDetails, f: Formatter): string[] {
  return [
    ctx.t('order-subtotal', { amount: f.money(order.subtotal) }),
    ...(order.bonus_applied > 0 ? [ctx.t('order-bonus', { amount: f.money(order.bonus_applied) })] : []),
    ctx.t('order-total', { amount: f.money(order.total) }),
  ];
}

/** Whether the customer still has Bitcoin to send: a staff edit can leave an order with an address and 0 due. */
export const awaitsBitcoin = (order: OrderDetails): order is OrderDetails & { btc_address: string } =>
  order.payment_method === 'btc' &&
  order.btc_address !== null &&
  order.status === 'reserved' &&
  order.total > 0;

/** While a Bitcoin order is unpaid: where to pay, how much is still due, and the BIP21 link. */
export function bitcoinLines(ctx: BotContext, order: OrderDetails, payment?: PaymentView | null): string[] {
  if (!awaitsBitcoin(order)) return [];
  const due = amountDue(order.btc_amount_sats, payment);
  return [
    ctx.t('order-btc-address', { address: order.btc_address }),
    ...(due ? [ctx.t('order-btc-amount', { btc: formatBtc(due) })] : []),
    ctx.t('order-btc-uri', { uri: bitcoinUri(order.btc_address, due) }),
  ];
}

/** Where the watcher sees the payment: state, amount received, confirmations. */
async function paymentLines(ctx: BotContext, payment: PaymentView | null, order: OrderDetails) {
  // Nothing to wait for once the bonus covers the order, unless money arrived before a staff edit.
  if (!payment || (order.total === 0 && payment.received_sats === 0)) return [];
  const amount = order.btc_amount_sats;
  const needed = await ctx.services.settings.get('btc_confirmations');
  return [
    ctx.t('order-payment-state', {
      state: payment.state,
      btc: formatBtc(payment.received_sats),
      missing: formatBtc(Math.max(0, (amount ?? 0) - payment.received_sats)),
      confs: payment.confirmations,
      needed,
    }),
  ];
}

export async function placedText(ctx: BotContext, order: OrderDetails): Promise<string> {
  const f = await orderFormatter(ctx, order);
  const deadline = f.time(order.reserved_until);
  const next =
    order.total === 0
      ? [ctx.t('order-placed-bonus-next', { deadline })]
      : order.payment_method === 'btc'
        ? [...bitcoinLines(ctx, order), '', ctx.t('order-placed-btc-next', { deadline })]
        : [ctx.t('order-placed-cod-next', { deadline })];
  return fitMessage(ctx, [ctx.t('order-placed', { code: order.code }), ''], itemLines(ctx, order, f), [
    '',
    ...totalLines(ctx, order, f),
    '',
    ...next,
  ]);
}

export async function detailText(ctx: BotContext, order: OrderDetails): Promise<string> {
  const f = await orderFormatter(ctx, order);
  const head = [
    ctx.t('order-detail-title', { code: order.code }),
    ctx.t('order-status', { status: order.status }),
    ctx.t('order-created', { time: f.time(order.created_at) }),
    '',
  ];
  const tail = [
    '',
    ...totalLines(ctx, order, f),
    ctx.t(paymentKey(order)),
    '',
    ctx.t('order-address', { address: order.delivery_address }),
    ctx.t('order-phone', { phone: order.delivery_phone }),
    ...(order.delivery_note ? [ctx.t('order-note', { note: order.delivery_note })] : []),
    ...(order.delivery_time ? [ctx.t('order-delivery-time', { time: f.time(order.delivery_time) })] : []),
    ...(order.status === 'reserved'
      ? [ctx.t('order-reserved-until', { time: f.time(order.reserved_until) })]
      : []),
  ];
  const payment = await ctx.services.payments.view(order.id);
  const btc = [...(await paymentLines(ctx, payment, order)), ...bitcoinLines(ctx, order, payment)];
  return fitMessage(ctx, head, itemLines(ctx, order, f), btc.length ? [...tail, '', ...btc] : tail);
}
