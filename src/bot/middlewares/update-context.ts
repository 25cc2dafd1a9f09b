import type { Middleware } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotContext, UpdateObserver } from '../context.js';

/** The kind of an update: the name of its one field besides update_id (message, callback_query, ...). */
export function updateKind(update: Update): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/**
 * The fields that make a log line answer "what happened to this customer": the update and the user behind it.
 * Also used by the update loops (polling, webhook) for errors that escape the bot.
 */
export function updateLogFields(update: Update): { update_id: number; user_id?: number } {
  const from =
    update.message?.from ??
    update.callback_query?.from ??
    update.edited_message?.from ??
    update.my_chat_member?.from;
  return { update_id: update.update_id, ...(from ? { user_id: from.id } : {}) };
}

/** Gives the update its child logger and reports it to `observe` when its handling ends. */
export function updateContext(logger: Logger, observe?: UpdateObserver): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.logger = logger.child(updateLogFields(ctx.update));
    const started = performance.now();
    let ok = false;
    try {
      await next();
      ok = true;
    } finally {
      observe?.(updateKind(ctx.update), (performance.now() - started) / 1000, ok);
    }
  };
}

/** From here on, this update's log lines also name the order it is about. */
export function logOrder(ctx: BotContext, code: string): void {
  ctx.logger = ctx.logger.child({ order_code: code });
}
