import { InlineKeyboard, InputFile } from 'grammy';
import { bitcoinUri, qrPng } from '../../messages/bitcoin.js';
import {
  BtcPoolEmptyError,
  CustomerLimitError,
  EmptyCartError,
  OutOfStockError,
  StaleBtcRateError,
  ValidationError,
} from '../../shared/errors.js';
import { answerStale } from '../callback-data/handle.js';
import { cartData, menuData, orderData } from '../callback-data/index.js';
import type { BotContext, CheckoutForm } from '../context.js';
import { describeDomainError } from '../middlewares/error-boundary.js';
import { logOrder } from '../middlewares/update-context.js';
import { cartSignature, stepScreen } from '../views/checkout.js';
import { placedText } from '../views/order.js';
import { show } from '../views/show.js';
import { goTo } from './checkout-form.js';

/**
 * Confirm: the order service re-checks everything in one transaction. When stock ran out or no Bitcoin address
 * is left, the customer is told and the cart stays as it was.
 */
export async function placeOrderFromForm(ctx: BotContext, form: CheckoutForm): Promise<void> {
  if (!form.address || !form.phone || !form.payment) {
    ctx.session.checkout = undefined;
    return answerStale(ctx);
  }
  if (cartSignature(await ctx.services.cart.view(ctx.user.id)) !== form.cartSignature) {
    await ctx.answerCallbackQuery({ text: ctx.t('checkout-cart-changed'), show_alert: true });
    return goTo(ctx, form, 'confirm');
  }
  let order: Awaited<ReturnType<typeof ctx.services.orders.place>>;
  try {
    order = await ctx.services.orders.place({
      userId: ctx.user.id,
      paymentMethod: form.payment,
      address: form.address,
      phone: form.phone,
      note: form.note ?? null,
      bonus: form.bonus ?? 'none',
    });
  } catch (error) {
    return refused(ctx, form, error);
  }
  ctx.session.checkout = undefined;
  logOrder(ctx, order.code);
  ctx.logger.info({ payment: order.payment_method }, 'order placed');
  await ctx.answerCallbackQuery({ text: ctx.t('order-placed-alert', { code: order.code }) });
  const keyboard = new InlineKeyboard()
    .text(ctx.t('menu-orders'), orderData.pack({ op: 'show', code: order.code }))
    .text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: await placedText(ctx, order), keyboard });
  if (order.payment_method === 'btc' && order.btc_address) {
    const uri = bitcoinUri(order.btc_address, order.btc_amount_sats);
    await ctx.replyWithPhoto(new InputFile(await qrPng(uri), `${order.code}.png`), {
      caption: ctx.t('order-qr-caption', { code: order.code }),
      parse_mode: 'HTML',
    });
  }
}

async function refused(ctx: BotContext, form: CheckoutForm, error: unknown): Promise<void> {
  const openCart = new InlineKeyboard().text(ctx.t('menu-cart'), cartData.pack({ op: 'show', product: 0 }));
  const addressLimit = error instanceof CustomerLimitError && error.limit === 'btc_addresses';
  if (error instanceof BtcPoolEmptyError || error instanceof StaleBtcRateError || addressLimit) {
    const payment = { ...form, step: 'payment' as const };
    ctx.session.checkout = payment;
    await ctx.answerCallbackQuery();
    const screen = await stepScreen(ctx, payment);
    const why = addressLimit
      ? describeDomainError(ctx, error)
      : ctx.t(error instanceof StaleBtcRateError ? 'checkout-btc-rate-stale' : 'checkout-btc-empty');
    return show(ctx, { ...screen, text: `${why}\n\n${screen.text}` });
  }
  if (
    error instanceof OutOfStockError ||
    error instanceof EmptyCartError ||
    error instanceof ValidationError ||
    error instanceof CustomerLimitError
  ) {
    ctx.session.checkout = undefined;
    await ctx.answerCallbackQuery();
    const reason = describeDomainError(ctx, error);
    const text = error instanceof ValidationError ? ctx.t('checkout-details-invalid') : reason;
    return show(ctx, { text: `${text}\n\n${ctx.t('checkout-cart-kept')}`, keyboard: openCart });
  }
  throw error;
}
