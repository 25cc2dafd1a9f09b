import type { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** The polite answer to a button that no longer means anything (an old message, a forged payload). */
export async function answerStale(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
}

/** Routes a button to `handler` with its validated values; malformed data is answered as stale. */
export function onCallback<V>(
  composer: Composer<BotContext>,
  data: { filter: RegExp; unpack(data: string): V | undefined },
  handler: (ctx: BotContext, values: V) => Promise<unknown>,
): void {
  composer.callbackQuery(data.filter, async (ctx) => {
    const values = data.unpack(ctx.callbackQuery.data);
    if (values === undefined) return answerStale(ctx);
    await handler(ctx, values);
  });
}
