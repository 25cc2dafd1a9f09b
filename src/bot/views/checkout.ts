import { InlineKeyboard } from 'grammy';
import { bonusToApply } from '../../bonus/bonus.service.js';
import type { Cart } from '../../cart/cart.service.js';
import { formatter } from '../../messages/format.js';
import { checkoutData, confirmData } from '../callback-data/index.js';
import type { BotContext, CheckoutForm } from '../context.js';
import { fitMessage } from './fit-message.js';
import type { Screen } from './show.js';

/** The screens of the checkout form, one per step. */

const cancelRow = (ctx: BotContext, keyboard = new InlineKeyboard()) =>
  (keyboard.inline_keyboard.flat().length ? keyboard.row() : keyboard).text(
    ctx.t('checkout-cancel'),
    checkoutData.pack({ step: 'x' }),
  );

/** Products, quantities and prices of a cart: when it differs from the summary's, the summary is out of date. */
export function cartSignature(cart: Cart): string {
  return cart.lines.map((line) => `${line.product_id}x${line.quantity}@${line.unit_price}`).join(',');
}

/** What the order would take from the bonus balance: never more than the balance or the subtotal. */
export async function summaryText(ctx: BotContext, form: CheckoutForm, cart: Cart): Promise<string> {
  const { money } = formatter(ctx.locale, ctx.config.currency, 'UTC');
  const balance = await ctx.services.bonus.balance(ctx.user.id);
  const bonus = bonusToApply(form.bonus ?? 'none', balance, cart.subtotal);
  const hours = await ctx.services.settings.get('cash_order_timeout_hours');
  const items = cart.lines.map((line) =>
    ctx.t('order-item', { name: line.name, qty: line.quantity, total: money(line.line_total) }),
  );
  const tail = summaryTail(ctx, form, money, cart, bonus, hours);
  return fitMessage(ctx, [ctx.t('checkout-summary-title'), ''], items, tail);
}

function summaryTail(
  ctx: BotContext,
  form: CheckoutForm,
  money: (minor: number) => string,
  cart: Cart,
  bonus: number,
  hours: number,
): string[] {
  return [
    '',
    ctx.t('order-subtotal', { amount: money(cart.subtotal) }),
    ...(bonus > 0 ? [ctx.t('order-bonus', { amount: money(bonus) })] : []),
    ctx.t('order-total', { amount: money(cart.subtotal - bonus) }),
    '',
    ctx.t('order-address', { address: form.address ?? '' }),
    ctx.t('order-phone', { phone: form.phone ?? '' }),
    ...(form.note ? [ctx.t('order-note', { note: form.note })] : []),
    ctx.t(form.payment === 'btc' ? 'order-payment-btc' : 'order-payment-cod'),
    '',
    ctx.t('checkout-summary-reserve', { hours }),
  ];
}

export async function stepScreen(ctx: BotContext, form: CheckoutForm): Promise<Screen> {
  const { money } = formatter(ctx.locale, ctx.config.currency, 'UTC');
  const button = (label: string, step: Parameters<typeof checkoutData.pack>[0]['step']) =>
    [ctx.t(label), checkoutData.pack({ step })] as const;
  switch (form.step) {
    case 'saved': {
      const saved = await ctx.services.users.savedDelivery(ctx.user.id);
      const text = [
        ctx.t('checkout-saved'),
        '',
        ctx.t('order-address', { address: saved?.address ?? '' }),
        ctx.t('order-phone', { phone: saved?.phone ?? '' }),
        ...(saved?.note ? [ctx.t('order-note', { note: saved.note })] : []),
      ].join('\n');
      const keyboard = new InlineKeyboard()
        .text(...button('checkout-use-saved', 'saved'))
        .row()
        .text(...button('checkout-enter-new', 'new'));
      return { text, keyboard: cancelRow(ctx, keyboard) };
    }
    case 'address':
      return { text: ctx.t('checkout-ask-address'), keyboard: cancelRow(ctx) };
    case 'phone':
      return { text: ctx.t('checkout-ask-phone'), keyboard: cancelRow(ctx) };
    case 'note':
      return {
        text: ctx.t('checkout-ask-note'),
        keyboard: cancelRow(ctx, new InlineKeyboard().text(...button('checkout-skip', 'skip'))),
      };
    case 'bonus': {
      const balance = await ctx.services.bonus.balance(ctx.user.id);
      const keyboard = new InlineKeyboard()
        .text(ctx.t('checkout-bonus-all', { amount: money(balance) }), checkoutData.pack({ step: 'ball' }))
        .row()
        .text(...button('checkout-bonus-amount', 'bamt'))
        .text(...button('checkout-bonus-none', 'bnone'));
      return {
        text: ctx.t('checkout-ask-bonus', { balance: money(balance) }),
        keyboard: cancelRow(ctx, keyboard),
      };
    }
    case 'bonus_amount': {
      const balance = await ctx.services.bonus.balance(ctx.user.id);
      return {
        text: ctx.t('checkout-ask-bonus-amount', { balance: money(balance) }),
        keyboard: cancelRow(ctx),
      };
    }
    case 'payment': {
      const keyboard = new InlineKeyboard()
        .text(...button('checkout-pay-btc', 'btc'))
        .row()
        .text(...button('checkout-pay-cod', 'cod'));
      return { text: ctx.t('checkout-ask-payment'), keyboard: cancelRow(ctx, keyboard) };
    }
    case 'confirm': {
      const cart = await ctx.services.cart.view(ctx.user.id);
      // A form saved before Confirm carried a token gets one when that Confirm is pressed.
      const confirm = form.token
        ? confirmData.pack({ token: form.token })
        : checkoutData.pack({ step: 'ok' });
      const keyboard = new InlineKeyboard().text(ctx.t('checkout-confirm'), confirm);
      return { text: await summaryText(ctx, form, cart), keyboard: cancelRow(ctx, keyboard) };
    }
  }
}
