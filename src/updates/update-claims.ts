import type { Executor } from '../db/transaction.js';
import { newHolder } from '../shared/holder.js';
import { claimUpdate, finishUpdate, parkUpdate, renewClaim } from './updates.repository.js';

/**
 * Telegram sends a webhook update again when it got no answer: our 200 was lost, the process died mid-update, or
 * the answer was late. The resend may reach another process. A claim row per update makes every process handle it
 * once: the first claims it for a short lease (renewed while the handler runs) and marks it finished at the end; a
 * resend of a finished update is skipped, one still in hand elsewhere is refused so Telegram tries it later, and
 * one whose claim lapsed unfinished (its process died) is claimed and handled again.
 */

export interface UpdateClaim {
  /** Marks the update handled; stops renewing the claim. */
  finish(): Promise<void>;
}

export interface UpdateClaims {
  claim(updateId: number): Promise<UpdateClaim | 'finished' | 'in-hand'>;
  /** Claims an update in hand together with its JSON, before long polling confirms it (see parked-updates.ts). */
  park(updateId: number, payload: string): Promise<UpdateClaim | 'finished'>;
}

/** Long enough for any handler with its renewals to spare, short enough that a dead process's update comes back soon. */
const DEFAULT_TTL_MS = 60_000;

export function createUpdateClaims(db: Executor, options: { ttlMs?: number } = {}): UpdateClaims {
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  /** The claim `holder` has on `updateId`, renewed until finished. */
  const held = (updateId: number, holder: string): UpdateClaim => {
    let renewal: Promise<unknown> = Promise.resolve();
    // A failed renewal changes nothing at once: the claim then lapses, and only a resend would be handled again.
    const timer = setInterval(() => {
      renewal = renewClaim(db, updateId, holder, ttl).catch(() => false);
    }, ttl / 3);
    timer.unref();
    return {
      async finish() {
        clearInterval(timer);
        await renewal;
        await finishUpdate(db, updateId, holder);
      },
    };
  };
  return {
    async claim(updateId) {
      const holder = newHolder();
      const outcome = await claimUpdate(db, updateId, holder, ttl);
      return outcome === 'claimed' ? held(updateId, holder) : outcome;
    },
    async park(updateId, payload) {
      const holder = newHolder();
      return (await parkUpdate(db, updateId, holder, ttl, payload)) ? held(updateId, holder) : 'finished';
    },
  };
}
