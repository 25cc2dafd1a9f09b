import type { I18n } from '@grammyjs/i18n';
import { Api, GrammyError, InputFile } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { qrPng } from '../messages/bitcoin.js';
import { formatter } from '../messages/format.js';
import { createI18n, pickLocale, translatorFor } from '../messages/i18n.js';
import { LIMITS, splitText } from '../messages/limits.js';
import { paymentLinkOf, renderNotification } from '../messages/notifications.js';
import type { NotificationKind, NotificationPayloads } from '../notifications/notifications.schemas.js';
import type { ClaimedNotification } from '../notifications/notifications.service.js';
import type { Services } from '../services.js';
import { repeat } from '../shared/repeat.js';

/**
 * Delivers the notification outbox from inside the bot process. It claims one due row at a time (SKIP LOCKED plus
 * a 60-second lease, so two bot processes never take the same row and a killed worker holds back one message for
 * under a minute), sends it and records the outcome by what Telegram meant:
 * - sent (a text over 4,096 characters goes out in parts, each recorded, so a resumed delivery skips them);
 * - 403: the recipient blocked the bot: recorded on the user, nothing more goes to them until they write again;
 * - 400 (chat not found, a text Telegram refused): failed for good, and the staff alerted once;
 * - 429, 5xx, network errors: retried after retry_after or an exponential backoff, until `maxAttempts`.
 *
 * At most once per part as long as a send finishes within the lease: the client times out after 30 s and never
 * retries in the process. Only a crash between Telegram accepting a part and it being recorded can repeat it.
 *
 * Broadcast rows come last (their priority) and are paced to `broadcastsPerSecond` messages, counted for all bot
 * processes together and under the roughly 30 a second Telegram takes from a bot, so a broadcast neither trips
 * flood limits nor delays the shop's own messages: those are claimed first and are never paced.
 */

/**
 * The worker's own API client, without the bot's auto-retry: a refused or failed send is rescheduled in the
 * outbox (after retry_after, or the backoff) rather than waited out in the process, so one message never holds
 * up the rest of its batch.
 */
export function createOutboxApi(config: Config): Api {
  if (!config.botToken) throw new Error('BOT_TOKEN is not set.');
  return new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 30 });
}

export interface OutboxWorkerDeps {
  api: Api;
  services: Services;
  config: Config;
  logger: Logger;
  i18n?: I18n;
}

export interface OutboxWorkerOptions {
  intervalMs?: number;
  /** Rows per pass before the worker yields to the timer (rows are still claimed one at a time). */
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Broadcast messages a second, all processes together. */
  broadcastsPerSecond?: number;
}

export interface PassResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface OutboxWorker {
  /** One pass over what is due now. */
  runOnce(): Promise<PassResult>;
  start(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

/** 15 s, 30 s, 1 min, ... capped at an hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(15 * 2 ** Math.max(0, attempt - 1), 3600);
}

type Outcome =
  | { status: 'sent'; parts: number }
  | { status: 'failed'; error: string; reason: 'blocked' | 'error' }
  | { status: 'retry'; error: string; delay: number }
  | { status: 'lost' };

function outcomeOf(error: unknown, attempt: number, maxAttempts: number): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof GrammyError && error.error_code === 403) {
    return { status: 'failed', reason: 'blocked', error: `403: ${error.description}` };
  }
  // 400 is about this message or chat ("chat not found", bad markup): sending it again cannot help.
  if (error instanceof GrammyError && error.error_code === 400) {
    return { status: 'failed', reason: 'error', error: `400: ${error.description}` };
  }
  if (attempt >= maxAttempts)
    return { status: 'failed', reason: 'error', error: `gave up after ${attempt} attempts: ${message}` };
  const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
  return { status: 'retry', error: message, delay: Math.max(retryAfter ?? 0, backoffSeconds(attempt)) };
}

/** A payment's QR code, drawn here from its link, or a photo Telegram already holds (a broadcast's). */
type Photo = { qr: string } | { fileId: string };

/** One Telegram call of a message: the photo (with the text as caption when it fits), or a text part. */
type Part = { photo: Photo; caption?: string } | { text: string };

function photoOf(kind: NotificationKind, payload: NotificationPayloads[NotificationKind]): Photo | undefined {
  const link = paymentLinkOf(kind, payload);
  if (link) return { qr: link };
  const photo = kind === 'broadcast' ? (payload as NotificationPayloads['broadcast']).photo : undefined;
  return photo ? { fileId: photo } : undefined;
}

/** The text goes in the photo's caption when it fits Telegram's 1,024 characters, else in messages after it. */
function partsOf(text: string, photo: Photo | undefined): Part[] {
  const texts = splitText(text).map((part) => ({ text: part }));
  if (!photo) return texts;
  return text.length <= LIMITS.caption ? [{ photo, caption: text }] : [{ photo }, ...texts];
}

export function createOutboxWorker(deps: OutboxWorkerDeps, options: OutboxWorkerOptions = {}): OutboxWorker {
  const { api, services, config } = deps;
  const { notifications } = services;
  const log = deps.logger.child({ job: 'outbox' });
  const i18n = deps.i18n ?? createI18n(config.locale);
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  const broadcastsPerSecond = options.broadcastsPerSecond ?? 25;
  // Set by a pass that left broadcast rows for the next second: the next pass starts then.
  let pacedOut = false;
  // Set by stop(): a pass in progress finishes the message in hand and claims no more.
  let halting = false;

  function render(row: ClaimedNotification, timeZone: string): string {
    const locale = pickLocale(row.language_code, config.locale);
    const payload = JSON.parse(row.payload) as NotificationPayloads[NotificationKind];
    return renderNotification(
      translatorFor(i18n, locale),
      formatter(locale, config.currency, timeZone),
      row.kind as NotificationKind,
      payload,
    );
  }

  async function send(row: ClaimedNotification, part: Part): Promise<void> {
    const chatId = row.chat_id;
    if ('text' in part) {
      await api.sendMessage(chatId, part.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
    } else {
      const photo =
        'qr' in part.photo ? new InputFile(await qrPng(part.photo.qr), 'payment.png') : part.photo.fileId;
      await api.sendPhoto(chatId, photo, part.caption ? { caption: part.caption, parse_mode: 'HTML' } : {});
    }
  }

  async function deliver(row: ClaimedNotification, timeZone: string): Promise<Outcome> {
    if (row.blocked_bot_at)
      return { status: 'failed', reason: 'blocked', error: 'the recipient has blocked the bot' };
    let parts: Part[];
    try {
      parts = partsOf(render(row, timeZone), photoOf(row.kind as NotificationKind, JSON.parse(row.payload)));
    } catch (error) {
      return { status: 'failed', reason: 'error', error: `cannot render: ${(error as Error).message}` };
    }
    for (let index = row.parts_sent; index < parts.length; index++) {
      try {
        await send(row, parts[index] as Part);
      } catch (error) {
        return outcomeOf(error, row.attempts, maxAttempts);
      }
      const more = index + 1 < parts.length;
      if (more && !(await notifications.partsSent(row, index + 1, options.leaseSeconds)))
        return { status: 'lost' };
    }
    return { status: 'sent', parts: parts.length };
  }

  async function record(row: ClaimedNotification, outcome: Outcome, result: PassResult) {
    const fields = { outbox_id: row.id, kind: row.kind, chat_id: row.chat_id, attempt: row.attempts };
    if (outcome.status === 'sent') {
      if (!(await notifications.markSent(row, outcome.parts)))
        log.warn(fields, 'lease lost before the row was marked sent');
      result.sent += 1;
    } else if (outcome.status === 'lost') {
      log.warn(fields, 'lease lost while sending the parts of a long message');
      result.retried += 1;
    } else if (outcome.status === 'failed') {
      await notifications.markFailed(row, outcome.error, outcome.reason);
      log.warn(
        { ...fields, error: outcome.error },
        outcome.reason === 'blocked' ? 'recipient blocked the bot' : 'notification given up',
      );
      result.failed += 1;
    } else {
      await notifications.markRetry(row, outcome.error, outcome.delay);
      log.info(
        { ...fields, error: outcome.error, retry_in_s: outcome.delay },
        'notification will be retried',
      );
      result.retried += 1;
    }
  }

  async function runOnce(): Promise<PassResult> {
    const result: PassResult = { sent: 0, failed: 0, retried: 0 };
    let timeZone: string | undefined;
    pacedOut = false;
    for (let done = 0; done < batchSize && !halting; done++) {
      const row = await notifications.claimNext(options.leaseSeconds, broadcastsPerSecond);
      pacedOut = row === 'paced';
      if (!row || row === 'paced') break;
      timeZone ??= await services.settings.get('timezone');
      await record(row, await deliver(row, timeZone), result);
    }
    return result;
  }

  const loop = repeat(() =>
    runOnce()
      .then((pass) => pass.sent + pass.failed + pass.retried >= batchSize)
      .catch((error: unknown) => {
        log.error({ err: error }, 'outbox pass failed');
        return false;
      })
      .then((full) => (full ? 0 : pacedOut ? Math.min(1000 - (Date.now() % 1000), intervalMs) : intervalMs)),
  );

  return {
    runOnce,
    start() {
      halting = false;
      loop.start();
    },
    async stop() {
      halting = true;
      await loop.stop();
    },
  };
}
