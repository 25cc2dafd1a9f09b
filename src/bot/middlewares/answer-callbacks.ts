import type { MiddlewareFn } from 'grammy';
import { callbackAnswer } from '../../messages/limits.js';
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
  // Answers carry names people typed; over 200 characters Telegram refuses the answer and the button spins.
  ctx.answerCallbackQuery = (other, signal) => {
    if (answered) return Promise.resolve(true);
    answered = true;
    const options = typeof other === 'string' ? { text: other } : other;
    return answer(options?.text ? { ...options, text: callbackAnswer(options.text) } : options, signal);
  };
  try {
    await next();
  } finally {
    if (!answered) await answer().catch(() => undefined);
  }
};
