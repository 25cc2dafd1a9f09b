import { Composer } from 'grammy';
import { answerStale, onCallback } from '../callback-data/handle.js';
import { checkoutData, confirmData } from '../callback-data/index.js';
import type { BotContext, CheckoutStep } from '../context.js';
import { showCart } from './cart.js';
import { afterDetails, goTo, newCheckoutToken } from './checkout-form.js';
import { confirmCheckout } from './checkout-place.js';
import { leaveForms } from './forms.js';

/** Checkout, driven by buttons: starting, saved details, Skip, bonus, payment method, Confirm, Cancel. */
export const checkoutFeature = new Composer<BotContext>();

async function start(ctx: BotContext): Promise<void> {
  const cart = await ctx.services.cart.view(ctx.user.id);
  if (cart.lines.length === 0) {
    await ctx.answerCallbackQuery({ text: ctx.t('cart-empty-alert'), show_alert: true });
    return showCart(ctx, cart);
  }
  if (cart.problems.length > 0) {
    await ctx.answerCallbackQuery({ text: ctx.t('checkout-fix-cart'), show_alert: true });
    return showCart(ctx, cart);
  }
  leaveForms(ctx);
  const saved = await ctx.services.users.savedDelivery(ctx.user.id);
  await goTo(ctx, { step: 'address' }, saved ? 'saved' : 'address');
}

/** Which buttons mean something at which step; anything else is an old button. */
const allowed: Record<string, readonly CheckoutStep[]> = {
  saved: ['saved'],
  new: ['saved'],
  skip: ['note'],
  ball: ['bonus'],
  bamt: ['bonus'],
  bnone: ['bonus'],
  btc: ['payment'],
  cod: ['payment'],
  ok: ['confirm'],
};

onCallback(checkoutFeature, checkoutData, async (ctx, { step }) => {
  if (step === 'start') return start(ctx);
  const form = ctx.session.checkout;
  if (step === 'x') {
    ctx.session.checkout = undefined;
    await ctx.answerCallbackQuery({ text: ctx.t('checkout-cancelled') });
    return showCart(ctx);
  }
  if (!form || !allowed[step]?.includes(form.step)) return answerStale(ctx);
  switch (step) {
    case 'saved': {
      const saved = await ctx.services.users.savedDelivery(ctx.user.id);
      if (!saved) return goTo(ctx, form, 'address');
      return afterDetails(ctx, { ...form, address: saved.address, phone: saved.phone, note: saved.note });
    }
    case 'new':
      return goTo(ctx, form, 'address');
    case 'skip':
      return afterDetails(ctx, { ...form, note: null });
    case 'ball':
      return goTo(ctx, { ...form, bonus: 'all' }, 'payment');
    case 'bnone':
      return goTo(ctx, { ...form, bonus: 'none' }, 'payment');
    case 'bamt':
      return goTo(ctx, form, 'bonus_amount');
    case 'btc':
    case 'cod':
      return goTo(ctx, { ...form, payment: step }, 'confirm');
    case 'ok':
      // A Confirm without a token, from a summary shown before Confirm carried one.
      form.token ??= newCheckoutToken();
      return confirmCheckout(ctx, form.token);
  }
});

onCallback(checkoutFeature, confirmData, (ctx, { token }) => confirmCheckout(ctx, token));
