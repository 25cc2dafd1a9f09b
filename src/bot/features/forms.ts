import type { BotContext } from '../context.js';

/**
 * Drops every half-filled form (checkout, Help, search), so the customer's next text goes to the screen they
 * open now: each screen that starts a form calls this first, then sets only its own.
 */
export function leaveForms(ctx: BotContext): void {
  ctx.session.checkout = undefined;
  ctx.session.awaitingHelp = false;
  if (ctx.session.search) ctx.session.search.awaiting = false;
}
