import { Composer, InlineKeyboard } from 'grammy';
import type { Cart, CartLine } from '../../cart/cart.service.js';
import { formatter } from '../../messages/format.js';
import { stripTags } from '../../messages/html.js';
import { buttonText } from '../../messages/limits.js';
import { NotFoundError, OutOfStockError } from '../../shared/errors.js';
import { answerStale, onCallback } from '../callback-data/handle.js';
import { cartData, checkoutData, menuData, noopData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { describeDomainError } from '../middlewares/error-boundary.js';
import { fitMessage } from '../views/fit-message.js';
import { show } from '../views/show.js';

/** Cart: lines with +/-, remove, clear, the total and Checkout; availability is checked on every view. */
export const cartFeature = new Composer<BotContext>();

function lineProblem(ctx: BotContext, line: CartLine): string {
  if (!line.active) return ctx.t('cart-line-gone');
  if (line.available <= 0) return ctx.t('cart-line-sold-out');
  return line.quantity > line.available ? ctx.t('cart-line-short', { count: line.available }) : '';
}

export function cartText(ctx: BotContext, cart: Cart): string {
  const { money } = formatter(ctx.locale, ctx.config.currency, 'UTC');
  const lines = cart.lines.map((line) => {
    const text = ctx.t('cart-line', {
      name: line.name,
      qty: line.quantity,
      price: money(line.unit_price),
      total: money(line.line_total),
    });
    const problem = lineProblem(ctx, line);
    return problem ? `${text}\n   ${problem}` : text;
  });
  // A large cart is cut to what fits one message; its buttons still reach every line.
  const problems = cart.problems.length ? ['', ctx.t('cart-has-problems')] : [];
  const tail = ['', ctx.t('cart-total', { total: money(cart.subtotal) }), ...problems];
  return fitMessage(ctx, [ctx.t('cart-title'), ''], lines, tail);
}

/** Lines with buttons per cart screen: 4 buttons each, within Telegram's 100 with the paging and menu rows. */
const LINES_PER_PAGE = 20;

function lineButtons(keyboard: InlineKeyboard, cart: Cart, page: number): void {
  for (const line of cart.lines.slice(page * LINES_PER_PAGE, (page + 1) * LINES_PER_PAGE)) {
    const product = line.product_id;
    keyboard
      .text('➖', cartData.pack({ op: 'dec', product }))
      // Shares its row with three icon buttons, so it gets less room than a full-width label.
      .text(buttonText(line.name, ` × ${line.quantity}`, 22), noopData.pack({}))
      .text('➕', cartData.pack({ op: 'inc', product }))
      .text('🗑', cartData.pack({ op: 'rm', product }))
      .row();
  }
  const pages = Math.ceil(cart.lines.length / LINES_PER_PAGE);
  if (pages <= 1) return;
  if (page > 0) keyboard.text('◀', cartData.pack({ op: 'page', product: page - 1 }));
  keyboard.text(`${page + 1}/${pages}`, noopData.pack({}));
  if (page < pages - 1) keyboard.text('▶', cartData.pack({ op: 'page', product: page + 1 }));
  keyboard.row();
}

/** The cart, with the buttons of the lines on `page` (a large cart's buttons are paged). */
export async function showCart(ctx: BotContext, cart?: Cart, page = 0): Promise<void> {
  const current = cart ?? (await ctx.services.cart.view(ctx.user.id));
  if (current.lines.length === 0) {
    const keyboard = new InlineKeyboard()
      .text(ctx.t('menu-shop'), menuData.pack({ to: 'shop' }))
      .text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
    return show(ctx, { text: ctx.t('cart-empty'), keyboard });
  }
  const keyboard = new InlineKeyboard();
  const lastPage = Math.ceil(current.lines.length / LINES_PER_PAGE) - 1;
  lineButtons(keyboard, current, Math.min(page, lastPage));
  keyboard
    .text(ctx.t('cart-clear'), cartData.pack({ op: 'clear', product: 0 }))
    .text(ctx.t('menu-shop'), menuData.pack({ to: 'shop' }))
    .row()
    .text(ctx.t('cart-checkout'), checkoutData.pack({ step: 'start' }))
    .row()
    .text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: cartText(ctx, current), keyboard });
}

onCallback(cartFeature, cartData, async (ctx, { op, product }) => {
  const { cart } = ctx.services;
  const userId = ctx.user.id;
  if (op === 'show') return showCart(ctx);
  if (op === 'page') return showCart(ctx, undefined, product);
  if (op === 'clear') {
    await cart.clear(userId);
    await ctx.answerCallbackQuery({ text: ctx.t('cart-cleared') });
    return showCart(ctx);
  }
  const current = await cart.view(userId);
  const index = current.lines.findIndex((l) => l.product_id === product);
  const line = current.lines[index];
  // The cart changed since this message was drawn (or the id is not in *this* customer's cart).
  if (!line) {
    await answerStale(ctx);
    return showCart(ctx, current);
  }
  try {
    // One more is added to whatever the line holds by then (a tap from another device counts too); taking away
    // from a short line goes straight down to what is available, so one tap fixes it.
    const next =
      op === 'inc'
        ? await cart.add(userId, product, 1)
        : op === 'rm'
          ? await cart.remove(userId, product)
          : await cart.setQuantity(userId, product, Math.min(line.quantity - 1, Math.max(0, line.available)));
    await showCart(ctx, next, Math.floor(index / LINES_PER_PAGE));
  } catch (error) {
    if (error instanceof OutOfStockError) {
      return ctx.answerCallbackQuery({ text: stripTags(describeDomainError(ctx, error)), show_alert: true });
    }
    if (error instanceof NotFoundError) {
      await ctx.answerCallbackQuery({ text: ctx.t('cart-line-gone') });
      return showCart(ctx);
    }
    throw error;
  }
});

cartFeature.callbackQuery(noopData.filter, (ctx) => ctx.answerCallbackQuery());
