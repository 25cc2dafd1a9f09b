import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

export interface FloodLimit {
  /** Updates one user may send within any `windowMs` (a sliding window, not clock-aligned buckets). */
  updates: number;
  windowMs: number;
  /** How long a user who went over is ignored. */
  pauseMs: number;
}

interface Tally {
  /** When the user's last `updates` passing updates arrived, as a ring: `next` is the oldest slot. */
  times: Float64Array;
  next: number;
  last: number;
  pausedUntil: number;
}

/**
 * Counts each user's updates in memory (no database, no Telegram call), so a flood from one account is dropped
 * before it reaches a session, a query or the per-user queue, and other customers never wait behind it. The
 * window slides: an update passes only if fewer than `updates` passed in the `windowMs` before it, so a burst
 * split across a minute boundary is caught like any other (fixed buckets let almost twice the limit through).
 * Each active user costs one fixed ring of `updates` timestamps, however fast they send. Over the limit the
 * user is ignored for the pause; they are told once, with the first update dropped.
 */
export function floodGuard(
  limit: FloodLimit,
  options: {
    isExempt: (userId: number) => boolean;
    now?: () => number;
    tell: (ctx: BotContext) => Promise<unknown>;
  },
): MiddlewareFn<BotContext> {
  const now = options.now ?? Date.now;
  const tallies = new Map<number, Tally>();
  let nextSweep = 0;

  // Forgets users whose window and pause are over, so the map holds only the recently active.
  function sweep(at: number): void {
    if (at < nextSweep) return;
    nextSweep = at + limit.windowMs;
    for (const [id, tally] of tallies) {
      if (tally.pausedUntil <= at && tally.last + limit.windowMs <= at) tallies.delete(id);
    }
  }

  function tallyOf(id: number): Tally {
    let tally = tallies.get(id);
    if (!tally) {
      // -Infinity: an empty slot is older than any window.
      tally = { times: new Float64Array(limit.updates).fill(-Infinity), next: 0, last: 0, pausedUntil: 0 };
      tallies.set(id, tally);
    }
    return tally;
  }

  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined || options.isExempt(id)) return next();
    const at = now();
    sweep(at);
    const tally = tallyOf(id);
    if (tally.pausedUntil > at) return;
    // The oldest of the last `updates` passes: if it is still inside the window, this one would be one too many.
    if ((tally.times[tally.next] as number) + limit.windowMs <= at) {
      tally.times[tally.next] = at;
      tally.next = (tally.next + 1) % limit.updates;
      tally.last = at;
      return next();
    }
    tally.pausedUntil = at + limit.pauseMs;
    // After the pause the user starts afresh, as they were told.
    tally.times.fill(-Infinity);
    tally.last = at;
    // Telling is best effort: a failed call must not turn the pause into an error report.
    await options.tell(ctx).catch(() => undefined);
  };
}
