import type { Middleware } from 'grammy';
import type { BotContext } from '../context.js';

export interface FloodLimit {
  /** Updates one user may send within `windowMs`. */
  updates: number;
  windowMs: number;
  /** How long a user who went over is ignored. */
  pauseMs: number;
}

interface Tally {
  windowStart: number;
  count: number;
  pausedUntil: number;
}

/**
 * Counts each user's updates in memory (no database, no Telegram call), so a flood from one account is dropped
 * before it reaches a session, a query or the per-user queue, and other customers never wait behind it. Over
 * the limit the user is ignored for the pause; they are told once, with the first update dropped.
 */
export function floodGuard(
  limit: FloodLimit,
  options: { exempt: ReadonlySet<number>; now?: () => number; tell: (ctx: BotContext) => Promise<unknown> },
): Middleware<BotContext> {
  const now = options.now ?? Date.now;
  const tallies = new Map<number, Tally>();
  let nextSweep = 0;

  // Forgets users whose window and pause are over, so the map holds only the recently active.
  function sweep(at: number): void {
    if (at < nextSweep) return;
    nextSweep = at + limit.windowMs;
    for (const [id, tally] of tallies) {
      if (tally.pausedUntil <= at && tally.windowStart + limit.windowMs <= at) tallies.delete(id);
    }
  }

  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined || options.exempt.has(id)) return next();
    const at = now();
    sweep(at);
    const current = tallies.get(id);
    if ((current?.pausedUntil ?? 0) > at) return;
    // A new window once the last one ran out, or once a pause is over.
    const ongoing = current && current.pausedUntil === 0 && current.windowStart + limit.windowMs > at;
    const tally = ongoing ? current : { windowStart: at, count: 0, pausedUntil: 0 };
    tallies.set(id, tally);
    tally.count += 1;
    if (tally.count <= limit.updates) return next();
    tally.pausedUntil = at + limit.pauseMs;
    // Telling is best effort: a failed call must not turn the pause into an error report.
    await options.tell(ctx).catch(() => undefined);
  };
}
