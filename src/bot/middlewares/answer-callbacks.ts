import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * Makes sure every callback query is answered exactly once (or the button keeps spinning on the user's
 * screen): handlers answer with a message when they have one, and this answers silently for those that did not.
 */
export const answerCallbacks: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  let answered = false;
  const answer = ctx.answerCallbackQuery.bind(ctx);
  // Telegram takes one answer per query; a second (say, from the error boundary) would only fail.
  ctx.answerCallbackQuery = (...args) => {
    if (answered) return Promise.resolve(true);
    answered = true;
    return answer(...args);
  };
  try {
    await next();
  } finally {
    if (!answered) await answer().catch(() => undefined);
  }
};
