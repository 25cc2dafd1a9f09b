import { Composer } from 'grammy';
import type { User as TelegramUser } from 'grammy/types';
import type { User } from '../../db/schema.js';
import { RefCodeError } from '../../shared/errors.js';
import type { TelegramProfile } from '../../users/users.service.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards/main-menu.js';

/**
 * Who may go further: a registered, unbanned customer (loaded into ctx.user). A newcomer joins here, with a
 * reference code when the shop requires one; until then nothing else answers them.
 */
export const userGate = new Composer<BotContext>();

function profileOf(from: TelegramUser): TelegramProfile {
  return {
    telegramId: from.id,
    username: from.username ?? null,
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    languageCode: from.language_code ?? null,
  };
}

function profileChanged(user: User, from: TelegramUser): boolean {
  return (
    user.username !== (from.username ?? null) ||
    user.first_name !== from.first_name.slice(0, 128) ||
    user.last_name !== (from.last_name?.slice(0, 128) ?? null) ||
    user.language_code !== (from.language_code ?? null)
  );
}

/** The code in "/start CODE" (a t.me deep link) or in a plain text message. */
function codeFrom(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(text);
  if (start) return start[1];
  if (text.startsWith('/')) return undefined;
  const code = text.trim();
  return code.length > 0 && code.length <= 32 ? code : undefined;
}

userGate.use(async (ctx, next) => {
  const from = ctx.from;
  if (!from || from.is_bot) return;
  const { users } = ctx.services;
  const known = await users.find(from.id);
  if (known) {
    if (known.banned_at) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('banned-alert'), show_alert: true });
      else await ctx.reply(ctx.t('banned'), { parse_mode: 'HTML' });
      return;
    }
    if (profileChanged(known, from) || known.blocked_bot_at) await users.refreshProfile(profileOf(from));
    ctx.user = known;
    return next();
  }

  if (!(await users.needsCode(from.id))) {
    ctx.user = await users.join(profileOf(from));
    return next();
  }
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t('join-code-needed-alert'), show_alert: true });
    return;
  }
  const code = codeFrom(ctx.message?.text);
  if (!code) {
    await ctx.reply(ctx.t('join-ask-code'), { parse_mode: 'HTML' });
    return;
  }
  try {
    ctx.user = await users.join(profileOf(from), code);
  } catch (error) {
    if (!(error instanceof RefCodeError)) throw error;
    await ctx.reply(ctx.t(`join-code-${error.reason.replace(/_/g, '-')}`), { parse_mode: 'HTML' });
    return;
  }
  ctx.logger.info({ user: from.id }, 'customer joined with a reference code');
  await ctx.reply(ctx.t('join-welcome', { name: from.first_name }), {
    parse_mode: 'HTML',
    reply_markup: await mainMenu(ctx),
  });
});
