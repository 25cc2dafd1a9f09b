import { Composer } from 'grammy';
import type { z } from 'zod';
import { deliveryAddress, deliveryNote, phoneNumber } from '../../orders/orders.schemas.js';
import { parseMoney } from '../../shared/money.js';
import type { BotContext, CheckoutForm } from '../context.js';
import { stepScreen } from '../views/checkout.js';
import { show } from '../views/show.js';
import { afterDetails, goTo } from './checkout-form.js';

/**
 * The typed answers of the checkout form: address, phone, note and a bonus amount, each validated with the
 * same zod schemas the order service uses. Anything but text where text is wanted gets a polite re-prompt.
 */
export const checkoutInputFeature = new Composer<BotContext>();

const TEXT_STEPS = ['address', 'phone', 'note', 'bonus_amount'] as const;
const inForm = (ctx: BotContext) => ctx.session.checkout !== undefined;

async function reprompt(ctx: BotContext, form: CheckoutForm, problemKey: string, vars = {}) {
  await ctx.reply(ctx.t(problemKey, vars), { parse_mode: 'HTML' });
  await show(ctx, await stepScreen(ctx, form));
}

function valid<S extends z.ZodType>(schema: S, text: string): z.output<S> | undefined {
  const result = schema.safeParse(text);
  return result.success ? result.data : undefined;
}

async function answer(ctx: BotContext, form: CheckoutForm, text: string): Promise<void> {
  switch (form.step) {
    case 'address': {
      const address = valid(deliveryAddress, text);
      if (address === undefined) return reprompt(ctx, form, 'checkout-address-invalid');
      return goTo(ctx, { ...form, address }, 'phone');
    }
    case 'phone': {
      const phone = valid(phoneNumber, text);
      if (phone === undefined) return reprompt(ctx, form, 'checkout-phone-invalid');
      return goTo(ctx, { ...form, phone }, 'note');
    }
    case 'note': {
      const note = valid(deliveryNote, text);
      if (note === undefined) return reprompt(ctx, form, 'checkout-note-invalid');
      return afterDetails(ctx, { ...form, note });
    }
    case 'bonus_amount': {
      const amount = parseMoney(text, ctx.config.currency);
      const check =
        amount === undefined ? 'not_positive' : await ctx.services.bonus.checkSpend(ctx.user.id, amount);
      if (check === 'not_positive') return reprompt(ctx, form, 'checkout-bonus-invalid');
      if (check === 'over_balance') return reprompt(ctx, form, 'checkout-bonus-too-much');
      return goTo(ctx, { ...form, bonus: amount }, 'payment');
    }
    default:
      return reprompt(ctx, form, 'checkout-use-buttons');
  }
}

checkoutInputFeature.filter(inForm).on('message:text', async (ctx) => {
  await answer(ctx, ctx.session.checkout as CheckoutForm, ctx.message.text);
});

/** Sharing a contact is a fine way to give the phone number. */
checkoutInputFeature.filter(inForm).on('message:contact', async (ctx) => {
  const form = ctx.session.checkout as CheckoutForm;
  if (form.step !== 'phone') return reprompt(ctx, form, 'checkout-text-please');
  const number = ctx.message.contact.phone_number;
  await answer(ctx, form, number.startsWith('+') ? number : `+${number}`);
});

checkoutInputFeature.filter(inForm).on('message', async (ctx) => {
  const form = ctx.session.checkout as CheckoutForm;
  const wantsText = (TEXT_STEPS as readonly string[]).includes(form.step);
  await reprompt(ctx, form, wantsText ? 'checkout-text-please' : 'checkout-use-buttons');
});
