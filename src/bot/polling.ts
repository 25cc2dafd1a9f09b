import { type Bot, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { ParkedUpdates } from '../updates/parked-updates.js';
import { grammySignal } from './api-policy.js';
import type { BotContext } from './context.js';
import { updateLogFields } from './middlewares/update-context.js';

/**
 * Long polling that handles updates concurrently (one customer's in order: see `sequentialize` in createBot) and
 * confirms to Telegram only what has been handled. grammY's own loop handles one update at a time, so one slow
 * send stalls every customer; the runner confirms a fetched batch before it is handled, so a restart loses it.
 *
 * Telegram forgets every update below the offset of a getUpdates call. The offset sent is therefore the lowest
 * update still being handled (or one past the highest fetched): an update in hand that Telegram sends again is
 * skipped, and one whose handling a crash interrupted comes back after the restart. But Telegram answers at once
 * while an update below the offset is unconfirmed, so no call can wait for new updates, and it returns at most 100
 * from the offset: a slow update (a customer's stalled send) would hold back everyone. So while updates are in hand
 * and nothing new came, the loop asks again when one finishes or shortly after; and once 100 later updates were
 * handled behind one, the offset moves past everything fetched, after parking the updates still in hand in the
 * database (see parked-updates.ts): if this process dies before they are handled, another polling process takes
 * them from there.
 */

export interface PollingOptions {
  logger: Logger;
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
  /** Updates handled at once; fetching pauses while this many are in hand. */
  maxInFlight?: number;
  /** Long-poll wait of one getUpdates call. */
  timeoutSeconds?: number;
  /** Where updates in hand are kept before being confirmed; without it, a crash loses them. */
  parked?: ParkedUpdates<Update>;
}

/** Where updates come from: long polling or a webhook. */
export interface UpdateSource {
  /** Settles when it ends: resolves after `stop`, rejects when it cannot go on (Telegram refuses for good). */
  finished: Promise<void>;
  /** Takes no new updates, and waits up to `graceMs` for the ones in hand. */
  stop(graceMs: number): Promise<void>;
}

/**
 * `stop` also confirms the handled updates. Updates still running at the deadline are left unconfirmed, so
 * Telegram delivers them again to the next process.
 */
export type Polling = UpdateSource;

/** While updates are in hand and nothing new came, how long until asking Telegram again. */
const RECHECK_MS = 25;
/** The most updates one getUpdates call returns. */
const WINDOW = 100;

/** Errors after which polling again cannot help: a wrong token, or another process polling the same bot. */
const fatal = (error: unknown) => error instanceof GrammyError && [401, 404, 409].includes(error.error_code);

export function startPolling(bot: Bot<BotContext>, options: PollingOptions): Polling {
  const logger = options.logger.child({ component: 'polling' });
  const maxInFlight = options.maxInFlight ?? 100;
  const parked = options.parked;
  const inHand = new Map<number, { update: Update; task: Promise<void> }>();
  const tasks = () => [...inHand.values()].map((held) => held.task);
  let highest = -1;
  /** The offset is never set below this again: updates in hand that were confirmed to unblock fetching. */
  let floor = 0;
  let stopping = false;
  let sweeping = false;
  const abort = new AbortController();
  let capacity: (() => void) | undefined;

  const offset = () => Math.max(floor, inHand.size > 0 ? Math.min(...inHand.keys()) : highest + 1);

  const run = (update: Update) =>
    bot
      .handleUpdate(update)
      .catch((error: unknown) => logger.error({ err: error, ...updateLogFields(update) }, 'update failed'));

  const handle = (update: Update) => {
    const task = run(update).finally(() => {
      inHand.delete(update.update_id);
      capacity?.();
    });
    inHand.set(update.update_id, { update, task });
  };

  /** True when every update in hand may be confirmed: each is parked (or there is nowhere to park). */
  const parkInHand = async () =>
    !parked ||
    (await Promise.all([...inHand.values()].map((held) => parked.park(held.update, held.task)))).every(
      Boolean,
    );

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      if (inHand.size >= maxInFlight) {
        await new Promise<void>((resolve) => {
          capacity = resolve;
        });
        capacity = undefined;
        continue;
      }
      let updates: Update[];
      try {
        updates = await bot.api.getUpdates(
          {
            // The whole window: it starts at the updates in hand, which would fill a smaller one.
            offset: offset(),
            limit: WINDOW,
            timeout: options.timeoutSeconds ?? 30,
            allowed_updates: options.allowedUpdates,
          },
          grammySignal(abort.signal),
        );
        failures = 0;
        // The first answer starts at the oldest update Telegram still holds: parked ones below it were confirmed.
        if (!sweeping) {
          sweeping = true;
          parked?.startSweeping(updates[0]?.update_id ?? Number.MAX_SAFE_INTEGER, run);
        }
      } catch (error) {
        if (stopping) return;
        if (fatal(error)) throw error;
        failures += 1;
        const retryAfter = error instanceof GrammyError ? (error.parameters.retry_after ?? 0) : 0;
        const delay = Math.max(retryAfter * 1000, Math.min(1000 * 2 ** (failures - 1), 30_000));
        logger.warn({ err: describe(error), retry_in_ms: delay }, 'getUpdates failed; trying again');
        await sleep(delay, abort.signal);
        continue;
      }
      const room = maxInFlight - inHand.size;
      // Fresh updates past the room stay unconfirmed and come again with the next call.
      const fresh = updates.filter((update) => update.update_id > highest).slice(0, room);
      for (const update of fresh) {
        highest = update.update_id;
        handle(update);
      }
      if (updates.length === 0 || fresh.length > 0) continue;
      // Only updates fetched before came back (see the top of this file).
      const clogged = updates.length === WINDOW && updates.some((update) => !inHand.has(update.update_id));
      if (clogged && (await parkInHand())) {
        floor = highest + 1;
        logger.warn({ updates: [...inHand.keys()] }, 'slow updates held back fetching; parked and confirmed');
      } else {
        // Without the abort signal: this short wait happens often, and each would add a listener to it.
        await Promise.race([...tasks(), sleep(RECHECK_MS)]);
      }
    }
  }

  const finished = loop();

  return {
    finished,
    async stop(graceMs) {
      stopping = true;
      abort.abort();
      capacity?.();
      await finished.catch(() => undefined);
      const all = Promise.all([...tasks(), parked?.stop()]).then(() => true);
      const done = await Promise.race([all, sleep(graceMs).then(() => false)]);
      if (!done)
        logger.warn(
          { updates: [...inHand.keys()] },
          'updates still in hand at the deadline; left for a restart',
        );
      try {
        // The offset alone confirms; limit 1 and no wait make it a cheap call.
        await bot.api.getUpdates(
          { offset: offset(), limit: 1, timeout: 0 },
          grammySignal(AbortSignal.timeout(3000)),
        );
      } catch (error) {
        logger.warn(
          { err: describe(error) },
          'could not confirm the handled updates; they may be handled again',
        );
      }
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  if (error instanceof HttpError) return `network: ${(error.error as Error)?.message ?? String(error.error)}`;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes with the timer: the loop sleeps often and the signal lives as long as the process.
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
