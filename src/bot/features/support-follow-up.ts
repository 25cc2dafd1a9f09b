import { Composer } from 'grammy';
import { SUPPORT_TEXT_MAX } from '../../support/support.schemas.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards/main-menu.js';
import { supportAuthor } from './help.js';

/**
 * A text no other feature claimed, from a customer with an open support thread, is their answer to the shop:
 * it joins the thread without going through Help again. Without a thread it falls through to the fallback.
 */
export const supportFollowUpFeature = new Composer<BotContext>();

supportFollowUpFeature.on('message:text', async (ctx, next) => {
  const text = ctx.message.text.trim();
  if (!text || text.startsWith('/') || text.length > SUPPORT_TEXT_MAX) return next();
  if (ctx.session.checkout !== undefined || !(await ctx.services.support.hasOpenThread(ctx.user.id)))
    return next();
  await ctx.services.support.ask(supportAuthor(ctx.from), text);
  await ctx.reply(ctx.t('support-follow-up-sent'), { parse_mode: 'HTML', reply_markup: await mainMenu(ctx) });
});
