import { newHolder } from '../shared/holder.js';
import { acquireLease, releaseLease } from './lease.repository.js';
import type { Executor } from './transaction.js';

/**
 * Leader election for background jobs through a lease row in `job_leases`, instead of a named lock: GET_LOCK is
 * local to one Galera node, a row is not. Whoever takes the lease runs the job, renews it while the job runs
 * and gives it back at the end; if the process dies, the lease lapses and any other process takes it over.
 */

export interface LeaseOptions {
  /** How long the lease lasts without renewal; renewed every third of it. */
  ttlMs?: number;
}

export interface HeldLease {
  /** Aborted when a renewal failed: another process may hold the lease now, so stop at the next safe point. */
  lost: AbortSignal;
}

const DEFAULT_TTL_MS = 30_000;

/** Runs `work` if this call gets the lease `name`; otherwise returns `{ ran: false }` at once. */
export async function runWithLease<T>(
  db: Executor,
  name: string,
  work: (lease: HeldLease) => Promise<T>,
  options: LeaseOptions = {},
): Promise<{ ran: true; value: T } | { ran: false }> {
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const holder = newHolder();
  if (!(await acquireLease(db, name, holder, ttl))) return { ran: false };
  const lost = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let renewal: Promise<void> | undefined;
  const renewLater = () => {
    timer = setTimeout(() => {
      renewal = acquireLease(db, name, holder, ttl)
        .catch(() => false)
        .then((renewed) => {
          if (stopped) return;
          if (renewed) renewLater();
          else lost.abort(new Error(`lost the lease "${name}"`));
        });
    }, ttl / 3);
  };
  renewLater();
  try {
    return { ran: true, value: await work({ lost: lost.signal }) };
  } finally {
    stopped = true;
    clearTimeout(timer);
    // A renewal in flight must land before the release, or it would hold the lease again for nobody.
    await renewal;
    // A release that fails changes nothing for correctness: the lease then lapses on its own.
    if (!lost.signal.aborted) await releaseLease(db, name, holder).catch(() => undefined);
  }
}
