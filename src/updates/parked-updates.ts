import type { Logger } from 'pino';
import type { Executor } from '../db/transaction.js';
import { type Repeater, repeat } from '../shared/repeat.js';
import { createUpdateClaims, type UpdateClaim } from './update-claims.js';
import { findLapsedParkedUpdates } from './updates.repository.js';

/**
 * Long polling sometimes confirms an update to Telegram while it is still being handled (a slow update holding
 * back the getUpdates window; see src/bot/polling.ts). Telegram then never sends it again, so it is parked first:
 * its JSON is kept in its claim row, held by this process and marked finished when handled. If the process dies
 * meanwhile, the claim lapses, and a polling process takes the update (one wins, as with the webhook's claims)
 * and handles it once.
 *
 * Only updates Telegram had confirmed when this process started polling are taken (`startSweeping(below)`): a row
 * parked by a process that died before confirming it belongs to an update Telegram delivers again.
 */

export interface ParkedUpdates<U extends { update_id: number }> {
  /** Parks `update` until `handled` settles. False when it cannot be kept: then it must not be confirmed yet. */
  park(update: U, handled: Promise<unknown>): Promise<boolean>;
  /** Takes parked updates below `below` whose claim lapsed, now and periodically, and hands each to `handle`. */
  startSweeping(below: number, handle: (update: U) => Promise<void>): void;
  /** Stops sweeping; settles when the updates it took are handled. */
  stop(): Promise<void>;
}

export interface ParkedUpdatesOptions {
  logger: Logger;
  /** How often to look for lapsed claims; a claim lasts a minute, so more often would find little more. */
  sweepEveryMs?: number;
  ttlMs?: number;
}

/** Parked updates taken per sweep; more wait for the next one. */
const SWEEP_BATCH = 100;

export function createParkedUpdates<U extends { update_id: number }>(
  db: Executor,
  options: ParkedUpdatesOptions,
): ParkedUpdates<U> {
  const logger = options.logger.child({ component: 'parked-updates' });
  const claims = createUpdateClaims(db, { ttlMs: options.ttlMs });
  /** Updates this process parked or took and still handles: its own claims, even lapsed, are not taken again. */
  const own = new Map<number, Promise<unknown>>();
  let sweeper: Repeater | undefined;
  let stopped = false;

  const finishWhen = (updateId: number, claim: UpdateClaim, handled: Promise<unknown>) => {
    const done = handled
      .catch(() => undefined)
      .then(() => claim.finish())
      .catch((error: unknown) =>
        logger.warn({ err: error, update_id: updateId }, 'could not mark a parked update finished'),
      )
      .finally(() => own.delete(updateId));
    own.set(updateId, done);
  };

  async function sweep(below: number, handle: (update: U) => Promise<void>): Promise<void> {
    const lapsed = await findLapsedParkedUpdates(db, below, SWEEP_BATCH);
    for (const row of lapsed) {
      const updateId = Number(row.update_id);
      if (stopped || own.has(updateId)) continue;
      const claim = await claims.claim(updateId);
      if (typeof claim === 'string') continue;
      logger.warn({ update_id: updateId }, 'handling an update parked by a process that stopped');
      finishWhen(updateId, claim, handle(JSON.parse(row.payload) as U));
    }
  }

  return {
    async park(update, handled) {
      if (own.has(update.update_id)) return true;
      try {
        const claim = await claims.park(update.update_id, JSON.stringify(update));
        // Finished already: handled once before Telegram delivered it again; nothing to keep.
        if (claim !== 'finished') finishWhen(update.update_id, claim, handled);
        return true;
      } catch (error) {
        logger.warn({ err: error, update_id: update.update_id }, 'could not park an update in hand');
        return false;
      }
    },
    startSweeping(below, handle) {
      if (stopped || sweeper) return;
      sweeper = repeat(() =>
        sweep(below, handle)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not look for parked updates'))
          .then(() => options.sweepEveryMs ?? 30_000),
      );
      sweeper.start();
    },
    async stop() {
      stopped = true;
      await sweeper?.stop();
      await Promise.all(own.values());
    },
  };
}
