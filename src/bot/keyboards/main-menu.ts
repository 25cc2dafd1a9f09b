import { InlineKeyboard } from 'grammy';
import { menuData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';

/** Shop, Cart, Search, My orders, Referrals (only while referrals earn a bonus), Help. */
export async function mainMenu(ctx: BotContext): Promise<InlineKeyboard> {
  const referrals = (await ctx.services.settings.get('reference_bonus_percent')) > 0;
  const keyboard = new InlineKeyboard()
    .text(ctx.t('menu-shop'), menuData.pack({ to: 'shop' }))
    .text(ctx.t('menu-cart'), menuData.pack({ to: 'cart' }))
    .row()
    .text(ctx.t('menu-search'), menuData.pack({ to: 'search' }))
    .row()
    .text(ctx.t('menu-orders'), menuData.pack({ to: 'orders' }));
  if (referrals) keyboard.text(ctx.t('menu-referrals'), menuData.pack({ to: 'refs' }));
  return keyboard.row().text(ctx.t('menu-help'), menuData.pack({ to: 'help' }));
}
