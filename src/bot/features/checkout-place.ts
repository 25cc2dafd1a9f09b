import { InlineKeyboard, InputFile } from 'grammy';
import { bitcoinUri, qrPng } from '../../messages/bitcoin.js';
import type { PlacedOrder } from '../../orders/orders.schemas.js';
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
 * Confirm of the summary with checkout `token`. The order service re-checks everything in one transaction; when
 * stock ran out or no Bitcoin address is left, the customer is told and the cart stays as it was. A Confirm that
 * comes again (a second tap, the update re-delivered after a crash, another bot process handling it too) shows the
 * order this checkout placed: the token names it in the database, whatever the session says.
 */
export async function confirmCheckout(ctx: BotContext, token: string): Promise<void> {
  const form = ctx.session.checkout;
  const current = form?.step === 'confirm' && form.token === token ? form : undefined;
  if (current && cartSignature(await ctx.services.cart.view(ctx.user.id)) === current.cartSignature)
    return placeOrderFromForm(ctx, current, token);
  // Placing clears the cart in the order's transaction, so a placed order is found whenever the cart differs.
  const placed = await ctx.services.orders.placedFrom(ctx.user.id, token);
  if (placed) return showPlaced(ctx, placed);
  if (!current) return answerStale(ctx);
  await ctx.answerCallbackQuery({ text: ctx.t('checkout-cart-changed'), show_alert: true });
  return goTo(ctx, current, 'confirm');
}

async function placeOrderFromForm(ctx: BotContext, form: CheckoutForm, token: string): Promise<void> {
  if (!form.address || !form.phone || !form.payment) {
    ctx.session.checkout = undefined;
    return answerStale(ctx);
  }
  let order: PlacedOrder;
  try {
    order = await ctx.services.orders.place({
      userId: ctx.user.id,
      paymentMethod: form.payment,
      address: form.address,
      phone: form.phone,
      note: form.note ?? null,
      bonus: form.bonus ?? 'none',
      checkoutToken: token,
    });
  } catch (error) {
    return refused(ctx, form, error);
  }
  return showPlaced(ctx, order);
}

/** The placed order, once more when the confirmation came again (then without a second QR code). */
async function showPlaced(ctx: BotContext, order: PlacedOrder): Promise<void> {
  if (ctx.session.checkout?.token === order.checkout_token) ctx.session.checkout = undefined;
  logOrder(ctx, order.code);
  ctx.logger.info(
    { payment: order.payment_method },
    order.replayed ? 'confirmation repeated: showing the order placed' : 'order placed',
  );
  await ctx.answerCallbackQuery({ text: ctx.t('order-placed-alert', { code: order.code }) });
  const keyboard = new InlineKeyboard()
    .text(ctx.t('menu-orders'), orderData.pack({ op: 'show', code: order.code }))
    .text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: await placedText(ctx, order), keyboard });
  if (order.replayed || order.payment_method !== 'btc' || !order.btc_address) return;
  const uri = bitcoinUri(order.btc_address, order.btc_amount_sats);
  // The address and link are in the text already: a failed upload must not read as a failed order.
  await ctx
    .replyWithPhoto(new InputFile(await qrPng(uri), `${order.code}.png`), {
      caption: ctx.t('order-qr-caption', { code: order.code }),
      parse_mode: 'HTML',
    })
    .catch((error: unknown) =>
      ctx.logger.warn({ err: error, order: order.code }, 'could not send the QR code'),
    );
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
