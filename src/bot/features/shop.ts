import { Composer, InlineKeyboard } from 'grammy';
import { buttonText } from '../../messages/limits.js';
import { answerStale, onCallback } from '../callback-data/handle.js';
import { categoryData, menuData, productData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { productLabel } from '../views/product-label.js';
import { show } from '../views/show.js';

/** Shop: categories, then a category's products ten at a time with Prev/Next. */
export const shopFeature = new Composer<BotContext>();

const PAGE_SIZE = 10;

export async function showCategories(ctx: BotContext): Promise<void> {
  const categories = await ctx.services.catalog.listCategories({ withActiveProductsOnly: true });
  const keyboard = new InlineKeyboard();
  for (const category of categories) {
    keyboard
      .text(
        buttonText(category.name, ` (${category.products})`),
        categoryData.pack({ category: category.id, dir: 'a', cursor: 0 }),
      )
      .row();
  }
  keyboard.text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: ctx.t(categories.length ? 'shop-categories' : 'shop-empty'), keyboard });
}

async function showProducts(ctx: BotContext, categoryId: number, dir: 'a' | 'b', cursor: number) {
  const category = await ctx.services.catalog.findCategory(categoryId).catch(() => undefined);
  if (!category) return answerStale(ctx);
  const base = { category: categoryId, activeOnly: true, limit: PAGE_SIZE };
  let page = await ctx.services.catalog.listProducts(
    dir === 'b' ? { ...base, before: cursor } : { ...base, after: cursor || undefined },
  );
  // Products came and went since the buttons were drawn: start again from the first page.
  if (page.items.length === 0 && cursor > 0) page = await ctx.services.catalog.listProducts(base);

  const keyboard = new InlineKeyboard();
  for (const product of page.items) {
    keyboard
      .text(productLabel(ctx, product), productData.pack({ product: product.id, qty: 1, dir, cursor }))
      .row();
  }
  if (page.prev !== undefined) {
    keyboard.text(
      ctx.t('nav-prev'),
      categoryData.pack({ category: categoryId, dir: 'b', cursor: page.prev }),
    );
  }
  if (page.next !== undefined) {
    keyboard.text(
      ctx.t('nav-next'),
      categoryData.pack({ category: categoryId, dir: 'a', cursor: page.next }),
    );
  }
  keyboard
    .row()
    .text(ctx.t('shop-back-to-categories'), menuData.pack({ to: 'shop' }))
    .text(ctx.t('menu-cart'), menuData.pack({ to: 'cart' }));
  const text = page.items.length
    ? ctx.t('shop-products', { category: category.name })
    : ctx.t('shop-category-empty', { category: category.name });
  await show(ctx, { text, keyboard });
}

onCallback(shopFeature, categoryData, (ctx, { category, dir, cursor }) =>
  showProducts(ctx, category, dir, cursor),
);
