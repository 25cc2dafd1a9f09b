import { inTransaction } from '../db/transaction.js';
import type { NotificationPayloads } from '../notifications/notifications.schemas.js';
import type { ServiceDeps } from '../service-deps.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { type PhotoUploadTarget, uploadCheckedPhoto } from '../telegram/photo-upload.js';
import {
  type Audience,
  advanceBroadcast,
  countAudience,
  deliveryCounts,
  findBroadcast,
  insertBroadcast,
  lockBroadcast,
  nextAudienceIds,
  queueRecipient,
  unfinishedBroadcasts,
} from './broadcasts.repository.js';

export type { Audience } from './broadcasts.repository.js';

/** Telegram's limit for a message's text, counted as the customer receives it. */
export const BROADCAST_TEXT_MAX = 4096;
const BATCH = 200;

/** What escaping for Telegram's HTML adds per character (the bot escapes plain text when it renders). */
const ESCAPED_EXTRA: Record<string, number> = { '&': 4, '<': 3, '>': 3, '"': 5 };
const renderedLength = (text: string, html: boolean) =>
  html ? text.length : [...text].reduce((n, c) => n + c.length + (ESCAPED_EXTRA[c] ?? 0), 0);

export interface BroadcastReport {
  id: number;
  status: 'queueing' | 'queued';
  recipients: number;
  delivered: number;
  blocked: number;
  failed: number;
  pending: number;
}

export interface BroadcastPhoto {
  bytes: Uint8Array;
  filename: string;
}

export function createBroadcastService({
  db,
  clock,
  photoUploads,
}: Pick<ServiceDeps, 'db' | 'clock'> & { photoUploads: PhotoUploadTarget }) {
  async function report(id: number): Promise<BroadcastReport> {
    const broadcast = await findBroadcast(db, id);
    if (!broadcast) throw new NotFoundError('broadcast', id);
    const counts = { delivered: 0, blocked: 0, failed: 0, pending: 0 };
    for (const row of await deliveryCounts(db, id)) {
      if (row.status === 'sent') counts.delivered += row.n;
      else if (row.status === 'pending') counts.pending += row.n;
      else if (row.blocked) counts.blocked += row.n;
      else counts.failed += row.n;
    }
    return { id, status: broadcast.status, recipients: broadcast.recipients, ...counts };
  }

  return {
    /** How many customers the audience holds now (a dry run). */
    count: (audience: Audience) => countAudience(db, audience),

    /**
     * Records a broadcast; `queueNext` then puts it in the outbox batch by batch. A photo is uploaded here, once:
     * every recipient's message refers to Telegram's file id.
     */
    async create(text: string, html: boolean, audience: Audience, photo?: BroadcastPhoto): Promise<number> {
      const body = text.trim();
      if (!body) throw new ValidationError('The message is empty.');
      if (renderedLength(body, html) > BROADCAST_TEXT_MAX)
        throw new ValidationError(`The message is longer than Telegram's ${BROADCAST_TEXT_MAX} characters.`);
      const photoFileId = photo
        ? await uploadCheckedPhoto(photoUploads, photo, 'Photo for a broadcast')
        : null;
      return insertBroadcast(db, { text: body, html, photoFileId, now: clock.now(), ...audience });
    },

    /**
     * Queues the next batch of recipients after the cursor, in one transaction with the cursor's move: a crash
     * leaves either the whole batch queued or none of it, and a rerun carries on after the last one. Returns how
     * many were queued (0 once the broadcast is fully queued).
     */
    async queueNext(id: number, batch = BATCH): Promise<number> {
      return inTransaction(db, async (trx) => {
        const broadcast = await lockBroadcast(trx, id);
        if (!broadcast) throw new NotFoundError('broadcast', id);
        if (broadcast.status === 'queued') return 0;
        const audience = {
          audience: broadcast.audience,
          activeSince: broadcast.active_since,
          productId: broadcast.product_id,
        };
        const ids = await nextAudienceIds(trx, audience, broadcast.cursor_user_id, batch);
        const now = clock.now();
        const message: NotificationPayloads['broadcast'] = {
          broadcast_id: id,
          text: broadcast.text,
          html: broadcast.html,
          ...(broadcast.photo_file_id && { photo: broadcast.photo_file_id }),
        };
        const payload = JSON.stringify(message);
        for (const userId of ids) await queueRecipient(trx, id, userId, payload, now);
        const last = ids.at(-1) ?? broadcast.cursor_user_id;
        await advanceBroadcast(trx, id, last, ids.length, ids.length < batch ? now : null);
        return ids.length;
      });
    },

    report,

    /** Broadcasts whose queueing stopped half way (a crash): `shopctl broadcast resume` carries them on. */
    unfinished: () => unfinishedBroadcasts(db),
  };
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;
