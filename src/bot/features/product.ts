import { Composer, InlineKeyboard } from 'grammy';
import type { Cart } from '../../cart/cart.service.js';
import type { ProductView } from '../../catalog/catalog.schemas.js';
import { formatter } from '../../messages/format.js';
import { stripTags } from '../../messages/html.js';
import { cutText, LIMITS } from '../../messages/limits.js';
import { OutOfStockError } from '../../shared/errors.js';
import { answerStale, onCallback } from '../callback-data/handle.js';
import { addToCartData, categoryData, menuData, productData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { describeDomainError } from '../middlewares/error-boundary.js';
import { show } from '../views/show.js';

/** A product card: description, price, availability, photo, quantity +/- and "Add to cart". */
export const productFeature = new Composer<BotContext>();

type Back = { dir: 'a' | 'b'; cursor: number };

function availability(ctx: BotContext, available: number): string {
  if (available <= 0) return ctx.t('product-out-of-stock');
  return available <= 10 ? ctx.t('product-left', { count: available }) : ctx.t('product-in-stock');
}

function cardText(ctx: BotContext, product: ProductView, qty: number, inCart: number): string {
  const { money } = formatter(ctx.locale, ctx.config.currency, 'UTC');
  const body = (description: string) =>
    [
      ctx.t('product-title', { name: product.name }),
      description ? ctx.t('product-description', { description }) : '',
      ctx.t('product-price', { price: money(product.price) }),
      availability(ctx, product.available),
      product.available > 0 ? ctx.t('product-quantity', { qty, total: money(product.price * qty) }) : '',
      inCart > 0 ? ctx.t('product-in-cart', { count: inCart }) : '',
    ]
      .filter(Boolean)
      .join('\n');
  const limit = product.photo_file_id ? LIMITS.caption : LIMITS.message;
  // Cut the description (never the markup) to the longest that lets the whole card fit Telegram's limit.
  if (body(product.description).length <= limit) return body(product.description);
  const chars = [...product.description];
  let [fits, tooLong] = [0, chars.length];
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (body(cutText(product.description, middle)).length <= limit) fits = middle;
    else tooLong = middle;
  }
  return body(fits > 1 ? cutText(product.description, fits) : '');
}

function cardKeyboard(ctx: BotContext, product: ProductView, qty: number, back: Back): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const card = (q: number) => productData.pack({ product: product.id, qty: q, ...back });
  if (product.available > 0) {
    keyboard
      .text('➖', card(Math.max(1, qty - 1)))
      .text(String(qty), card(qty))
      .text('➕', card(qty + 1))
      .row()
      .text(ctx.t('product-add', { qty }), addToCartData.pack({ product: product.id, qty, ...back }))
      .row();
  }
  return keyboard
    .text(ctx.t('shop-back-to-list'), categoryData.pack({ category: product.category_id, ...back }))
    .text(ctx.t('menu-cart'), menuData.pack({ to: 'cart' }));
}

async function loadProduct(ctx: BotContext, id: number): Promise<ProductView | undefined> {
  const product = await ctx.services.catalog.getProduct(id).catch(() => undefined);
  return product?.active ? product : undefined;
}

async function showCard(ctx: BotContext, product: ProductView, qty: number, back: Back, known?: Cart) {
  const cart = known ?? (await ctx.services.cart.view(ctx.user.id));
  const inCart = cart.lines.find((line) => line.product_id === product.id)?.quantity ?? 0;
  await show(ctx, {
    text: cardText(ctx, product, qty, inCart),
    keyboard: cardKeyboard(ctx, product, qty, back),
    photo: product.photo_file_id,
  });
}

onCallback(productFeature, productData, async (ctx, { product: id, qty, dir, cursor }) => {
  const product = await loadProduct(ctx, id);
  if (!product) return ctx.answerCallbackQuery({ text: ctx.t('product-gone'), show_alert: true });
  if (product.available > 0 && qty > product.available) {
    return ctx.answerCallbackQuery({ text: ctx.t('product-only-left', { count: product.available }) });
  }
  await showCard(ctx, product, product.available > 0 ? qty : 1, { dir, cursor });
});

onCallback(productFeature, addToCartData, async (ctx, { product: id, qty, dir, cursor }) => {
  const product = await loadProduct(ctx, id);
  if (!product) return answerStale(ctx);
  let cart: Cart;
  try {
    cart = await ctx.services.cart.add(ctx.user.id, product.id, qty);
  } catch (error) {
    if (!(error instanceof OutOfStockError)) throw error;
    const text = stripTags(describeDomainError(ctx, error));
    return ctx.answerCallbackQuery({ text, show_alert: true });
  }
  await ctx.answerCallbackQuery({ text: stripTags(ctx.t('product-added', { qty, name: product.name })) });
  await showCard(ctx, product, 1, { dir, cursor }, cart);
});
