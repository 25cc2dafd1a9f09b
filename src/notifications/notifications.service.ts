import type { OutboxRow } from '../db/schema.js';
import { inTransaction, writeStatement } from '../db/transaction.js';
import type { ServiceDeps } from '../services.js';

/** An outbox row this worker holds a lease on; `attempts` already counts the attempt being made. */
export interface ClaimedNotification extends OutboxRow {
  /** The recipient's Telegram language when they are a user of the shop. */
  language_code: string | null;
}

export interface ClaimOptions {
  limit?: number;
  /** How long the claim keeps other workers off the rows; longer than any single send can take. */
  leaseSeconds?: number;
}

const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

export function createNotificationService({ db, clock }: ServiceDeps) {
  return {
    /**
     * Claims due rows for this worker: locks them with SKIP LOCKED (other workers take other rows instead of
     * waiting), then pushes next_attempt_at past the lease and counts the attempt, all in one short
     * transaction. Until the lease runs out no other worker sees the rows as due.
     */
    async claimDue(options: ClaimOptions = {}): Promise<ClaimedNotification[]> {
      const limit = options.limit ?? 20;
      const lease = options.leaseSeconds ?? 600;
      const claimed = await inTransaction(db, async (trx) => {
        const now = clock.now();
        const rows = await trx
          .selectFrom('notification_outbox')
          .selectAll()
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return [];
        await trx
          .updateTable('notification_outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: addSeconds(now, lease) }))
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        return rows.map((r) => ({ ...r, attempts: r.attempts + 1, next_attempt_at: addSeconds(now, lease) }));
      });
      if (claimed.length === 0) return [];
      // Read outside the claim: locking users' rows there would make the outbox wait on checkouts.
      const users = await db
        .selectFrom('users')
        .select(['id', 'language_code'])
        .where('id', 'in', [...new Set(claimed.map((r) => r.chat_id))])
        .execute();
      const languages = new Map(users.map((u) => [u.id, u.language_code]));
      return claimed.map((row) => ({ ...row, language_code: languages.get(row.chat_id) ?? null }));
    },

    /**
     * Records a delivery. Matching on `attempts` makes it a no-op when the lease was lost and another worker
     * claimed the row again; returns whether this worker's claim still stood.
     */
    async markSent(row: Pick<ClaimedNotification, 'id' | 'attempts'>): Promise<boolean> {
      const result = await writeStatement(db, () =>
        db
          .updateTable('notification_outbox')
          .set({ status: 'sent', sent_at: clock.now(), last_error: null })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .where('attempts', '=', row.attempts)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) === 1;
    },

    /** Tries again after `delaySeconds`. */
    async markRetry(row: Pick<ClaimedNotification, 'id' | 'attempts'>, error: string, delaySeconds: number) {
      await writeStatement(db, () =>
        db
          .updateTable('notification_outbox')
          .set({ next_attempt_at: addSeconds(clock.now(), delaySeconds), last_error: error.slice(0, 1000) })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .where('attempts', '=', row.attempts)
          .execute(),
      );
    },

    /** Gives up on a row for good (the recipient blocked the bot, or it kept failing). */
    async markFailed(row: Pick<ClaimedNotification, 'id' | 'attempts'>, error: string) {
      await writeStatement(db, () =>
        db
          .updateTable('notification_outbox')
          .set({ status: 'failed', last_error: error.slice(0, 1000) })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .where('attempts', '=', row.attempts)
          .execute(),
      );
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
