import { fitLines, LIMITS } from '../../messages/limits.js';
import type { BotContext } from '../context.js';

/**
 * A message made of a head, a list and a tail (a cart, a summary, an order) that stays within one message:
 * the list is cut with "… and N more items" in the customer's language, the totals in the tail always show.
 */
export function fitMessage(
  ctx: BotContext,
  head: readonly string[],
  items: readonly string[],
  tail: readonly string[],
): string {
  return fitLines({ head, items, tail }, LIMITS.message, (count) => ctx.t('list-more', { count }));
}
