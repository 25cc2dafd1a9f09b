import { Composer } from 'grammy';
import { answerStale } from '../callback-data/handle.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards/main-menu.js';

/** What nothing else claimed: buttons from an older version of the bot, and stray messages. */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', answerStale);

fallbackFeature.on('message', async (ctx) => {
  await ctx.reply(ctx.t('fallback'), { parse_mode: 'HTML', reply_markup: await mainMenu(ctx) });
});
