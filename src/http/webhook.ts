import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotContext } from '../bot/context.js';
import { updateLogFields } from '../bot/middlewares/update-context.js';
import type { UpdateSource } from '../bot/polling.js';
import type { UpdateClaim, UpdateClaims } from '../updates/update-claims.js';
import { listen, send } from './listen.js';

/**
 * Webhook mode: Telegram POSTs each update to WEBHOOK_URL, with WEBHOOK_SECRET in
 * X-Telegram-Bot-Api-Secret-Token. Any number of processes may serve the same URL behind a proxy: the state
 * they share lives in the database. A request without the right secret gets 401 and its body is never read;
 * a body larger than any update gets 413.
 *
 * Telegram waits for the answer and sends the update again when it gets none, so a slow update is answered
 * 200 after `answerWithinMs` and finishes in the background; an update whose handlers failed is answered 200
 * too (it was logged), since sending it again would fail the same way. Shutdown waits for both kinds.
 *
 * Each update is claimed in the database before it is handled (see update-claims.ts): one Telegram sends again
 * is answered 200 and skipped when it was handled, 503 (try later) while another process still handles it.
 */

export interface WebhookOptions {
  url: string;
  secret: string;
  host: string;
  port: number;
  logger: Logger;
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
  /** Where processes agree which updates are handled, so a resent one is handled once. */
  claims: UpdateClaims;
  /** Answer Telegram after this long even if the update is still being handled. */
  answerWithinMs?: number;
  /** Set the webhook with Telegram on start (the process's own start; tests may leave it out). */
  register?: boolean;
}

export interface Webhook extends UpdateSource {
  port: number;
}

/** Larger than any update Telegram sends (a message is at most 4,096 characters plus metadata). */
export const MAX_BODY_BYTES = 256 * 1024;

class BodyTooLarge extends Error {}

/** The update was not claimed: handled already, in hand elsewhere, or the claim could not be written. */
class NotClaimed extends Error {
  constructor(
    readonly why: 'finished' | 'in-hand' | 'failed',
    options?: ErrorOptions,
  ) {
    super(`update not claimed: ${why}`, options);
  }
}

export async function startWebhook(bot: Bot<BotContext>, options: WebhookOptions): Promise<Webhook> {
  const logger = options.logger.child({ component: 'webhook' });
  const path = new URL(options.url).pathname;
  const inHand = new Set<Promise<unknown>>();
  let stopping = false;

  const claims = new WeakMap<IncomingMessage, UpdateClaim>();
  const handle = webhookCallback(bot, adapter(options.claims, claims), {
    secretToken: options.secret,
    timeoutMilliseconds: Infinity,
  });

  const server = await listen(
    async (request, response) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) {
        return send(response, 404, 'text/plain', 'not found\n');
      }
      if (request.method !== 'POST') return send(response, 405, 'text/plain', 'method not allowed\n');
      if (stopping) return send(response, 503, 'text/plain', 'shutting down\n');
      if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
        return send(response, 413, 'text/plain', 'too large\n');
      }
      const task = Promise.resolve(handle(request, response))
        .catch((error: unknown) => {
          if (error instanceof BodyTooLarge) return send(response, 413, 'text/plain', 'too large\n');
          if (error instanceof SyntaxError) return send(response, 400, 'text/plain', 'not an update\n');
          if (error instanceof NotClaimed) return answerNotClaimed(error, request, response);
          logger.error({ err: error, ...updateOf(request) }, 'update failed');
        })
        .then(() => claims.get(request)?.finish())
        .catch((error: unknown) =>
          // The claim then lapses unfinished: only a resend of this update would be handled again.
          logger.warn({ err: error, ...updateOf(request) }, 'could not mark the update handled'),
        )
        .then(() => {
          // Answered only now, so a resend that follows our 200 finds the update finished.
          if (!response.writableEnded) send(response, 200, 'text/plain', '');
        });
      inHand.add(task);
      task.finally(() => inHand.delete(task));
      const answerAfter = new Promise((resolve) =>
        setTimeout(resolve, options.answerWithinMs ?? 20_000).unref(),
      );
      await Promise.race([task, answerAfter]);
      if (!response.writableEnded) {
        logger.warn(
          updateOf(request),
          'update still being handled; answered Telegram so it is not sent again',
        );
        send(response, 200, 'text/plain', '');
      }
    },
    options.host,
    options.port,
  );

  if (options.register !== false) {
    await bot.api.setWebhook(options.url, {
      secret_token: options.secret,
      allowed_updates: options.allowedUpdates,
    });
  }
  logger.info({ host: options.host, port: server.port, path }, 'serving the webhook');

  function answerNotClaimed(error: NotClaimed, request: IncomingMessage, response: ServerResponse) {
    const fields = { ...updateOf(request), why: error.why };
    if (error.why === 'finished') {
      logger.info(fields, 'update delivered again after it was handled; skipped');
      return send(response, 200, 'text/plain', '');
    }
    if (error.why === 'in-hand') logger.info(fields, 'update delivered again while being handled; try later');
    else logger.error({ ...fields, err: error.cause }, 'could not claim the update; try later');
    // Anything but 2xx makes Telegram deliver it again later, when it is finished or its claim has lapsed.
    return send(response, 503, 'text/plain', 'try later\n');
  }

  let rejectFinished: (error: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    rejectFinished = reject;
    server.server.once('close', () => resolve());
  });
  server.server.on('error', (error) => rejectFinished(error));

  return {
    port: server.port,
    finished,
    async stop(graceMs) {
      stopping = true;
      const closed = server.close();
      const all = Promise.all(inHand).then(() => true);
      const done = await Promise.race([
        all,
        new Promise((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
      ]);
      if (!done) logger.warn({ updates: inHand.size }, 'updates still in hand at the deadline');
      server.server.closeAllConnections();
      await closed;
    },
  };
}

/** The request's parsed body, kept for log lines about it. */
const bodies = new WeakMap<IncomingMessage, Update>();

function updateOf(request: IncomingMessage) {
  const update = bodies.get(request);
  return update ? updateLogFields(update) : {};
}

/**
 * grammY's node:http adapter, with a cap on the body, the parsed update kept for logging, and the update claimed
 * (kept in `held`) before grammY handles it. grammY reads the update only once the secret matched.
 */
const adapter =
  (claims: UpdateClaims, held: WeakMap<IncomingMessage, UpdateClaim>) =>
  (request: IncomingMessage, response: ServerResponse) => {
    const header = request.headers['x-telegram-bot-api-secret-token'];
    return {
      get update() {
        return readBody(request).then(async (raw) => {
          const update = JSON.parse(raw) as Update;
          if (typeof update?.update_id !== 'number') throw new SyntaxError('not an update');
          bodies.set(request, update);
          const claim = await claims.claim(update.update_id).catch((error: unknown) => {
            throw new NotClaimed('failed', { cause: error });
          });
          if (typeof claim === 'string') throw new NotClaimed(claim);
          held.set(request, claim);
          return update;
        });
      },
      header: Array.isArray(header) ? header[0] : header,
      // The 200 is sent by the request handler once the update's claim is marked finished.
      end: () => undefined,
      respond: (json: string) => send(response, 200, 'application/json', json),
      unauthorized: () => send(response, 401, 'text/plain', 'unauthorized\n'),
    };
  };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}
