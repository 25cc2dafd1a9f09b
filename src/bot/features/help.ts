import { Composer, InlineKeyboard } from 'grammy';
import type { User } from 'grammy/types';
import { ValidationError } from '../../shared/errors.js';
import { SUPPORT_TEXT_MAX, type SupportAuthor } from '../../support/support.schemas.js';
import { onCallback } from '../callback-data/handle.js';
import { helpData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards/main-menu.js';
import { show } from '../views/show.js';
import { leaveForms } from './forms.js';

/**
 * Help: the customer's next text message joins their support thread and reaches the owner; they get the shop's
 * automatic reply. Staff answers arrive as messages that point back here.
 */
export const helpFeature = new Composer<BotContext>();

/** The sender as the staff's notification names them. */
export function supportAuthor(from: User): SupportAuthor {
  return {
    telegram_id: from.id,
    username: from.username ?? null,
    name: [from.first_name, from.last_name].filter(Boolean).join(' '),
  };
}

export async function startHelp(ctx: BotContext): Promise<void> {
  leaveForms(ctx);
  ctx.session.awaitingHelp = true;
  const keyboard = new InlineKeyboard().text(ctx.t('help-cancel'), helpData.pack({ op: 'cancel' }));
  await show(ctx, { text: ctx.t('help-prompt'), keyboard });
}

helpFeature.command('help', startHelp);

onCallback(helpFeature, helpData, async (ctx) => {
  ctx.session.awaitingHelp = false;
  await show(ctx, { text: ctx.t('menu-title'), keyboard: await mainMenu(ctx) });
});

const awaiting = helpFeature.filter((ctx) => ctx.session.awaitingHelp === true);

awaiting.on('message:text', async (ctx) => {
  try {
    await ctx.services.support.ask(supportAuthor(ctx.from), ctx.message.text);
  } catch (error) {
    // The service decides what a valid message is (not empty, not too long); the customer is asked again.
    if (!(error instanceof ValidationError)) throw error;
    await ctx.reply(ctx.t('help-too-long', { max: SUPPORT_TEXT_MAX }), { parse_mode: 'HTML' });
    return;
  }
  ctx.session.awaitingHelp = false;
  const reply = await ctx.services.settings.get('help_auto_message');
  await ctx.reply(ctx.t('help-sent', { reply }), { parse_mode: 'HTML', reply_markup: await mainMenu(ctx) });
});

awaiting.on('message', async (ctx) => {
  const keyboard = new InlineKeyboard().text(ctx.t('help-cancel'), helpData.pack({ op: 'cancel' }));
  await ctx.reply(ctx.t('help-text-please'), { parse_mode: 'HTML', reply_markup: keyboard });
});
