import { randomBytes } from 'node:crypto';
import type { BotContext, CheckoutForm, CheckoutStep } from '../context.js';
import { cartSignature, stepScreen } from '../views/checkout.js';
import { show } from '../views/show.js';

/** A checkout's token: random, URL-safe, 16 characters (see checkoutToken). */
export const newCheckoutToken = () => randomBytes(12).toString('base64url');

/** Moves the checkout form to `step` and shows that step's question. */
export async function goTo(ctx: BotContext, form: CheckoutForm, step: CheckoutStep): Promise<void> {
  const next = { ...form, step };
  // The summary is what the customer confirms: remember what it showed, to notice a change before placing.
  if (step === 'confirm') {
    next.cartSignature = cartSignature(await ctx.services.cart.view(ctx.user.id));
    // Kept for the whole form: every summary of one checkout confirms the same, single order.
    next.token ??= newCheckoutToken();
  }
  ctx.session.checkout = next;
  await show(ctx, await stepScreen(ctx, next));
}

/** After address, phone and note: the bonus question when there is a balance, else the payment method. */
export async function afterDetails(ctx: BotContext, form: CheckoutForm): Promise<void> {
  const balance = await ctx.services.bonus.balance(ctx.user.id);
  if (balance > 0) return goTo(ctx, form, 'bonus');
  return goTo(ctx, { ...form, bonus: 'none' }, 'payment');
}
