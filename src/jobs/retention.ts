import type { RetentionConfig } from '../config/retention.js';
import type { Db } from '../db/connection.js';
import { runWithLease } from '../db/lease.js';
import {
  deleteIdleCartLines,
  deleteIdleSessions,
  deleteOldUpdateClaims,
  deleteSentOutbox,
} from '../retention/retention.repository.js';
import type { Clock } from '../shared/clock.js';

/**
 * The daily clean-up that keeps the shop's busiest tables bounded: delivered notifications, conversation state
 * of customers idle for long, and abandoned cart lines, each after its own number of days, and the webhook's
 * update claims after two (Telegram resends an update within a day). One process runs it (the "retention" lease);
 * orders, payments and ledgers are never touched.
 */

const UPDATE_CLAIM_DAYS = 2;

export interface RetentionReport {
  outbox: number;
  sessions: number;
  cartLines: number;
  updateClaims: number;
}

const daysBefore = (now: Date, count: number) => new Date(now.getTime() - count * 86_400_000);

/** One pass; `{ ran: false }` when another process holds the lease. */
export async function runRetention(deps: { db: Db; clock: Clock; config: RetentionConfig }) {
  return runWithLease(deps.db, 'retention', async (): Promise<RetentionReport> => {
    const now = deps.clock.now();
    return {
      outbox: await deleteSentOutbox(deps.db, daysBefore(now, deps.config.retentionOutboxDays)),
      sessions: await deleteIdleSessions(deps.db, daysBefore(now, deps.config.retentionSessionDays)),
      cartLines: await deleteIdleCartLines(deps.db, daysBefore(now, deps.config.retentionCartDays)),
      updateClaims: await deleteOldUpdateClaims(deps.db, daysBefore(now, UPDATE_CLAIM_DAYS)),
    };
  });
}
