import { Composer, InlineKeyboard } from 'grammy';
import { SEARCH_QUERY_MAX, searchWords } from '../../catalog/product-search.service.js';
import { cutText } from '../../messages/limits.js';
import { onCallback } from '../callback-data/handle.js';
import { menuData, productData, searchData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { productLabel } from '../views/product-label.js';
import { show } from '../views/show.js';
import { leaveForms } from './forms.js';

/** Search: the customer types words, gets the matching products ten at a time (case and accents ignored). */
export const searchFeature = new Composer<BotContext>();

const PAGE_SIZE = 10;

export async function startSearch(ctx: BotContext): Promise<void> {
  leaveForms(ctx);
  ctx.session.search = { awaiting: true, query: ctx.session.search?.query };
  const keyboard = new InlineKeyboard().text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: ctx.t('search-prompt'), keyboard });
}

/** Shows a page of results; returns how many products match in all. */
async function showResults(ctx: BotContext, query: string, page: number): Promise<number> {
  let result = await ctx.services.productSearch.search(query, page, PAGE_SIZE);
  // The catalog shrank since the buttons were drawn: back to the first page.
  if (result.items.length === 0 && page > 0) {
    page = 0;
    result = await ctx.services.productSearch.search(query, page, PAGE_SIZE);
  }
  const keyboard = new InlineKeyboard();
  for (const product of result.items) {
    keyboard
      .text(
        productLabel(ctx, product),
        productData.pack({ product: product.id, qty: 1, dir: 'a', cursor: 0 }),
      )
      .row();
  }
  if (page > 0) keyboard.text(ctx.t('nav-prev'), searchData.pack({ page: page - 1 }));
  if ((page + 1) * PAGE_SIZE < result.total)
    keyboard.text(ctx.t('nav-next'), searchData.pack({ page: page + 1 }));
  keyboard
    .row()
    .text(ctx.t('search-again'), menuData.pack({ to: 'search' }))
    .text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  const shownQuery = cutText(query, 60);
  const text = result.total
    ? ctx.t('search-results', {
        query: shownQuery,
        from: page * PAGE_SIZE + 1,
        to: page * PAGE_SIZE + result.items.length,
        total: result.total,
      })
    : ctx.t('search-nothing', { query: shownQuery });
  await show(ctx, { text, keyboard });
  return result.total;
}

onCallback(searchFeature, searchData, async (ctx, { page }) => {
  const query = ctx.session.search?.query;
  if (!query) return startSearch(ctx);
  await showResults(ctx, query, page);
});

const awaiting = searchFeature.filter(
  (ctx) => ctx.session.search?.awaiting === true && ctx.session.checkout === undefined,
);

awaiting.on('message:text', async (ctx, next) => {
  const query = ctx.message.text.trim();
  if (query.startsWith('/')) return next();
  if (searchWords(query).length === 0) {
    await ctx.reply(ctx.t('search-too-short'), { parse_mode: 'HTML' });
    return;
  }
  const total = await showResults(ctx, query, 0);
  // Nothing found: the next message is another try.
  ctx.session.search = { awaiting: total === 0, query: query.slice(0, SEARCH_QUERY_MAX) };
});
