import { Composer } from 'grammy';
import { onCallback } from '../callback-data/handle.js';
import { menuData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards/main-menu.js';
import { show } from '../views/show.js';
import { showCart } from './cart.js';
import { leaveForms } from './forms.js';
import { startHelp } from './help.js';
import { showOrders } from './orders.js';
import { showReferrals } from './referrals.js';
import { startSearch } from './search.js';
import { showCategories } from './shop.js';

/** /start, /menu, /cancel and the main menu's buttons. Going to the menu leaves any half-typed form. */
export const menuFeature = new Composer<BotContext>();

async function showMenu(ctx: BotContext): Promise<void> {
  leaveForms(ctx);
  await show(ctx, {
    text: ctx.t('menu-title', { name: ctx.from?.first_name ?? '' }),
    keyboard: await mainMenu(ctx),
  });
}

menuFeature.command(['start', 'menu'], showMenu);

menuFeature.command('cancel', async (ctx) => {
  const busy =
    ctx.session.checkout !== undefined ||
    ctx.session.awaitingHelp === true ||
    ctx.session.search?.awaiting === true;
  if (busy) await ctx.reply(ctx.t('cancelled'), { parse_mode: 'HTML' });
  await showMenu(ctx);
});

onCallback(menuFeature, menuData, async (ctx, { to }) => {
  leaveForms(ctx);
  switch (to) {
    case 'home':
      return showMenu(ctx);
    case 'shop':
      return showCategories(ctx);
    case 'cart':
      return showCart(ctx);
    case 'orders':
      return showOrders(ctx, 0);
    case 'refs':
      return showReferrals(ctx);
    case 'help':
      return startHelp(ctx);
    case 'search':
      return startSearch(ctx);
  }
});
