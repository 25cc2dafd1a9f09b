import type { BotError } from 'grammy';
import { stripTags } from '../../messages/html.js';
import { DomainError } from '../../shared/errors.js';
import type { BotContext } from '../context.js';

/**
 * The one place errors end up. A domain error a feature did not handle becomes its localized sentence; anything
 * else is logged with the update id and the user is told something went wrong, without internals.
 */
export async function handleBotError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  const cause = error.error;
  const domain = cause instanceof DomainError ? cause : undefined;
  if (domain) ctx.logger.info({ code: domain.code }, domain.message);
  else ctx.logger.error({ err: cause }, 'update failed');

  const text = domain ? describeDomainError(ctx, domain) : ctx.t('error-generic');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: stripTags(text), show_alert: true });
    else if (ctx.chat) await ctx.reply(text, { parse_mode: 'HTML' });
  } catch (replyError) {
    ctx.logger.warn({ err: replyError }, 'could not tell the user about an error');
  }
}

/** A domain error's code names its message in the .ftl files; unknown codes get the generic sentence. */
export function describeDomainError(ctx: BotContext, error: DomainError): string {
  const key = `error-${error.code.replace(/_/g, '-')}`;
  const variables = Object.fromEntries(Object.entries(error.details).map(([k, v]) => [k, v ?? '']));
  const text = ctx.t(key, variables);
  return text === `{${key}}` ? ctx.t('error-generic') : text;
}
