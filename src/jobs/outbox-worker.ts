import type { I18n } from '@grammyjs/i18n';
import { Api, GrammyError, InputFile } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { qrPng } from '../messages/bitcoin.js';
import { formatter } from '../messages/format.js';
import { createI18n, pickLocale, translatorFor } from '../messages/i18n.js';
import { paymentLinkOf, renderNotification } from '../messages/notifications.js';
import type { NotificationKind, NotificationPayloads } from '../notifications/notifications.schemas.js';
import type { ClaimedNotification } from '../notifications/notifications.service.js';
import type { Services } from '../services.js';

/**
 * Delivers the notification outbox from inside the bot process. Each pass claims due rows (SKIP LOCKED plus a
 * lease, so two bot processes never take the same row), sends them one by one, and records the outcome:
 * sent; failed for good on 403 (the recipient blocked the bot) or 400 (no such chat); otherwise retried with
 * exponential backoff until `maxAttempts`.
 *
 * At most once per row as long as a send finishes within the lease: the worker's API client (see
 * `createOutboxApi`) times out after 30 s and never retries in the process, well inside the default 10-minute
 * lease. Only a crash between Telegram accepting a message and the row being marked sent can repeat it.
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
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
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
  | { status: 'sent' }
  | { status: 'failed'; error: string }
  | { status: 'retry'; error: string; delay: number };

function outcomeOf(error: unknown, attempt: number, maxAttempts: number): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) {
    return { status: 'failed', error: `${error.error_code}: ${error.description}` };
  }
  if (attempt >= maxAttempts)
    return { status: 'failed', error: `gave up after ${attempt} attempts: ${message}` };
  const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
  return { status: 'retry', error: message, delay: Math.max(retryAfter ?? 0, backoffSeconds(attempt)) };
}

export function createOutboxWorker(deps: OutboxWorkerDeps, options: OutboxWorkerOptions = {}): OutboxWorker {
  const { api, services, config } = deps;
  const { notifications } = services;
  const log = deps.logger.child({ job: 'outbox' });
  const i18n = deps.i18n ?? createI18n(config.locale);
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;

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

  async function deliver(row: ClaimedNotification, timeZone: string): Promise<Outcome> {
    let text: string;
    let link: string | undefined;
    try {
      text = render(row, timeZone);
      link = paymentLinkOf(row.kind as NotificationKind, JSON.parse(row.payload));
    } catch (error) {
      return { status: 'failed', error: `cannot render: ${(error as Error).message}` };
    }
    try {
      // One call either way, so a retry never repeats half a message.
      if (link) {
        await api.sendPhoto(row.chat_id, new InputFile(await qrPng(link), 'payment.png'), {
          caption: text,
          parse_mode: 'HTML',
        });
      } else {
        await api.sendMessage(row.chat_id, text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        });
      }
      return { status: 'sent' };
    } catch (error) {
      return outcomeOf(error, row.attempts, maxAttempts);
    }
  }

  async function runOnce(): Promise<PassResult> {
    const result: PassResult = { sent: 0, failed: 0, retried: 0 };
    const rows = await notifications.claimDue({ limit: batchSize, leaseSeconds: options.leaseSeconds });
    if (rows.length === 0) return result;
    const timeZone = await services.settings.get('timezone');
    for (const row of rows) {
      const outcome = await deliver(row, timeZone);
      const fields = { outbox_id: row.id, kind: row.kind, chat_id: row.chat_id, attempt: row.attempts };
      if (outcome.status === 'sent') {
        if (!(await notifications.markSent(row)))
          log.warn(fields, 'lease lost before the row was marked sent');
        result.sent += 1;
      } else if (outcome.status === 'failed') {
        await notifications.markFailed(row, outcome.error);
        log.warn({ ...fields, error: outcome.error }, 'notification given up');
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
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .then((pass) => pass.sent + pass.failed + pass.retried >= batchSize)
        .catch((error: unknown) => {
          log.error({ err: error }, 'outbox pass failed');
          return false;
        })
        .then((full) => schedule(full ? 0 : intervalMs));
    }, delay);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
