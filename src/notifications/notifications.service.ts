import type { OutboxRow } from '../db/schema.js';
import { inTransaction, writeStatement } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { addSeconds } from '../shared/clock.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { staffChatIds } from '../users/users.repository.js';
import {
  claimNextDue,
  clearOutboxAlert,
  enqueueNotification,
  listOutbox,
  markBlockedBot,
  outboxStatusOf,
  raiseOutboxAlert,
  recipientOf,
  requeueFailed,
  updateClaimed,
} from './notifications.repository.js';

/** An outbox row this worker holds a lease on; `attempts` already counts the attempt being made. */
export interface ClaimedNotification extends OutboxRow {
  /** The recipient's Telegram language when they are a user of the shop. */
  language_code: string | null;
  /** When the recipient blocked the bot (null: they have not, or are not a user). */
  blocked_bot_at: Date | null;
}

type Claim = Pick<ClaimedNotification, 'id' | 'attempts' | 'chat_id'>;

/**
 * A claim keeps other workers off a row for this long. Short, so a killed worker delays its one row by under a
 * minute; renewed after every part of a split message, and longer than one send (the client times out at 30 s).
 */
export const OUTBOX_LEASE_SECONDS = 60;

const errorText = (error: string) => error.slice(0, 1000);

export function createNotificationService({ db, clock, staffIds }: ServiceDeps) {
  return {
    /**
     * Claims the next due row for this worker, one row at a time: a worker that dies holds one message for at
     * most the lease, never a batch. Rows whose lease ran out are due again, so they are reclaimed here too.
     * Broadcast messages come after every other due message and, with `broadcastsPerSecond`, at most that many
     * a second across all processes: 'paced' means the next one has to wait for the next second.
     */
    async claimNext(
      leaseSeconds = OUTBOX_LEASE_SECONDS,
      broadcastsPerSecond?: number,
    ): Promise<ClaimedNotification | 'paced' | undefined> {
      const row = await inTransaction(db, (trx) =>
        claimNextDue(trx, clock.now(), leaseSeconds, broadcastsPerSecond),
      );
      if (!row || row === 'paced') return row;
      // Read outside the claim: locking users' rows there would make the outbox wait on checkouts.
      const recipient = await recipientOf(db, row.chat_id);
      return {
        ...row,
        language_code: recipient?.language_code ?? null,
        blocked_bot_at: recipient?.blocked_bot_at ?? null,
      };
    },

    /** Records that Telegram took `parts` parts and extends the lease for the rest; false when the claim was lost. */
    partsSent(row: Claim, parts: number, leaseSeconds = OUTBOX_LEASE_SECONDS): Promise<boolean> {
      const now = clock.now();
      return writeStatement(db, (w) =>
        updateClaimed(w, row, { parts_sent: parts, next_attempt_at: addSeconds(now, leaseSeconds) }),
      );
    },

    /** Records a delivery; false when the lease was lost and another worker claimed the row again. */
    markSent(row: Claim, parts: number): Promise<boolean> {
      return writeStatement(db, (w) =>
        updateClaimed(w, row, { status: 'sent', sent_at: clock.now(), last_error: null, parts_sent: parts }),
      );
    },

    /** Tries again after `delaySeconds`. */
    async markRetry(row: Claim, error: string, delaySeconds: number) {
      const next = addSeconds(clock.now(), delaySeconds);
      await writeStatement(db, (w) =>
        updateClaimed(w, row, { next_attempt_at: next, last_error: errorText(error) }),
      );
    },

    /**
     * Gives up on a row. A recipient who blocked the bot is recorded as such (nothing more goes to them until they
     * write again) and is no fault of the shop; any other failure raises the staff alert, once, until the
     * failed messages are retried.
     */
    async markFailed(row: Claim, error: string, reason: 'blocked' | 'error') {
      await inTransaction(db, async (trx) => {
        const now = clock.now();
        if (!(await updateClaimed(trx, row, { status: 'failed', last_error: errorText(error) }))) return;
        if (reason === 'blocked') {
          await markBlockedBot(trx, row.chat_id, now);
          return;
        }
        if (!(await raiseOutboxAlert(trx, now))) return;
        const staff = (await staffChatIds(trx, staffIds)).filter((id) => id !== row.chat_id);
        await enqueueNotification(trx, now, staff, 'outbox_failing', { error: errorText(error) });
      });
    },

    list(options: { failed?: boolean; limit?: number } = {}) {
      return listOutbox(db, { failed: options.failed, limit: options.limit ?? 50 });
    },

    /** Sends failed messages again (one by id, or all); re-arms the staff alert. Returns how many were requeued. */
    async retry(target: number | 'all-failed'): Promise<number> {
      return inTransaction(db, async (trx) => {
        if (target !== 'all-failed') {
          const row = await outboxStatusOf(trx, target);
          if (!row) throw new NotFoundError('outbox message', target);
          if (row.status !== 'failed')
            throw new ValidationError(`Outbox message ${target} is ${row.status}, not failed.`);
        }
        const count = await requeueFailed(trx, clock.now(), target === 'all-failed' ? 'all' : [target]);
        await clearOutboxAlert(trx);
        return count;
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
