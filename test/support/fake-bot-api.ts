import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transformer } from 'grammy';
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  Update,
  UserFromGetMe,
} from 'grammy/types';
import { limitViolation } from './telegram-limits.js';

/**
 * A stand-in for the Telegram Bot API: answers calls with plausible results, records them, and keeps each
 * chat's messages (with their keyboards, as later edits leave them) so a test can press a button by label.
 * Used in-process as an API transformer and, for the end-to-end test, behind a local HTTP server.
 */

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** The error code when the fake refused the call (see `fail`). */
  failed?: number;
}

export interface ChatMessage {
  message_id: number;
  chat_id: number;
  text?: string;
  caption?: string;
  photo?: boolean;
  reply_markup?: InlineKeyboardMarkup;
  deleted?: boolean;
}

export interface Failure {
  method: string;
  chatId?: number;
  error_code: number;
  description: string;
  retry_after?: number;
  /** How many calls fail (default: all). */
  times?: number;
}

type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: object };

export const FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmno';

export const BOT_INFO: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: 'Test Shop',
  username: 'test_shop_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly messages = new Map<number, ChatMessage>();
  readonly failures: Failure[] = [];
  private nextMessageId = 5000;
  /** The webhook as setWebhook left it. */
  webhook: { url: string; secret: string | undefined } | undefined;

  handle(method: string, raw: Record<string, unknown>): ApiResponse {
    const payload = { ...raw };
    if (payload.photo !== undefined && typeof payload.photo !== 'string') payload.photo = '<uploaded file>';
    const call: ApiCall = { method, payload };
    this.calls.push(call);
    const chatId = Number(payload.chat_id);
    const failure = this.failures.find(
      (f) => f.method === method && (f.chatId === undefined || f.chatId === chatId),
    );
    const rows = (payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
    if (rows.some((row) => row.length === 0)) {
      call.failed = 400;
      return { ok: false, error_code: 400, description: 'Bad Request: an inline keyboard row is empty' };
    }
    const tooLong = limitViolation(method, payload);
    if (tooLong) {
      call.failed = 400;
      return { ok: false, error_code: 400, description: tooLong };
    }
    if (failure) {
      call.failed = failure.error_code;
      if (failure.times !== undefined && --failure.times <= 0)
        this.failures.splice(this.failures.indexOf(failure), 1);
      return {
        ok: false,
        error_code: failure.error_code,
        description: failure.description,
        ...(failure.retry_after !== undefined && { parameters: { retry_after: failure.retry_after } }),
      };
    }
    return { ok: true, result: this.result(method, payload, chatId) };
  }

  private result(method: string, payload: Record<string, unknown>, chatId: number): unknown {
    const markup = payload.reply_markup as InlineKeyboardMarkup | undefined;
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'sendMessage':
      case 'sendPhoto': {
        const message: ChatMessage = {
          message_id: this.nextMessageId++,
          chat_id: chatId,
          ...(method === 'sendMessage'
            ? { text: String(payload.text) }
            : { photo: true, caption: payload.caption as string }),
          reply_markup: markup,
        };
        this.messages.set(message.message_id, message);
        return this.asTelegram(message);
      }
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup': {
        const message = this.messages.get(Number(payload.message_id));
        if (!message) return true;
        if (method === 'editMessageText') message.text = String(payload.text);
        if (method === 'editMessageCaption') message.caption = payload.caption as string;
        message.reply_markup = markup;
        return this.asTelegram(message);
      }
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secret: payload.secret_token as string | undefined };
        return true;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      case 'deleteMessage': {
        const message = this.messages.get(Number(payload.message_id));
        if (message) message.deleted = true;
        return true;
      }
      default:
        return true;
    }
  }

  /** A stored message as Telegram would put it in a callback query. */
  asTelegram(message: ChatMessage): Message {
    return {
      message_id: message.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: message.chat_id, type: 'private', first_name: 'Customer' },
      from: BOT_INFO,
      ...(message.photo
        ? {
            photo: [{ file_id: 'photo', file_unique_id: 'photo', width: 480, height: 480 }],
            caption: message.caption,
          }
        : { text: message.text }),
      ...(message.reply_markup && { reply_markup: message.reply_markup }),
    } as Message;
  }

  /** Calls of `method` (all methods when omitted) to `chatId` (any chat when omitted). */
  callsTo(chatId?: number, method?: string): ApiCall[] {
    return this.calls.filter(
      (c) =>
        (method === undefined || c.method === method) &&
        (chatId === undefined || Number(c.payload.chat_id) === chatId),
    );
  }

  /** Texts and captions the chat has been sent or had edited in, oldest first. */
  texts(chatId: number): string[] {
    return this.callsTo(chatId)
      .map((c) => (c.payload.text ?? c.payload.caption) as string | undefined)
      .filter((t): t is string => typeof t === 'string');
  }

  lastText(chatId: number): string {
    return this.texts(chatId).at(-1) ?? '';
  }

  /** The newest live message in the chat that has a button whose label contains `label`. */
  findButton(
    chatId: number,
    label: string,
  ): { message: ChatMessage; button: InlineKeyboardButton.CallbackButton } {
    const live = [...this.messages.values()].filter((m) => m.chat_id === chatId && !m.deleted).reverse();
    for (const message of live) {
      for (const row of message.reply_markup?.inline_keyboard ?? []) {
        for (const button of row) {
          if (button.text.includes(label) && 'callback_data' in button) return { message, button };
        }
      }
    }
    const labels = live.flatMap((m) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text));
    throw new Error(`No button "${label}" in chat ${chatId}; buttons: ${labels.join(' | ')}`);
  }

  reset(): void {
    this.calls.length = 0;
  }

  fail(failure: Failure): void {
    this.failures.push(failure);
  }
}

/** Routes a bot's API calls to `fake` instead of the network. */
export function recordingTransformer(fake: FakeTelegram): Transformer {
  return (async (_prev: unknown, method: string, payload: Record<string, unknown>) =>
    fake.handle(method, payload ?? {})) as unknown as Transformer;
}

export interface FakeBotApiServer {
  url: string;
  fake: FakeTelegram;
  /** Queues an update for the next getUpdates. */
  push(update: Update): void;
  /** Resolves when a recorded call matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  /** Stalls the reply to the next call matching `predicate` until `release()`; `reached` resolves when it comes. */
  hold(predicate: (call: ApiCall) => boolean): { reached: Promise<ApiCall>; release(): void };
  /** The highest offset a getUpdates call has confirmed: updates below it are never delivered again. */
  confirmedOffset(): number;
  close(): Promise<void>;
}

async function readPayload(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  if (type.includes('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  if (type.includes('multipart/form-data')) {
    // grammY writes `form-data;name="x";filename=y.png` (no spaces, filename unquoted), which Telegram takes but
    // undici's parser refuses: normalise those headers (latin1 round-trips every byte, so files are untouched).
    const quoted = Buffer.from(
      body
        .toString('latin1')
        .replace(/^(content-disposition:.*)$/gim, (line) =>
          line.replace(/;\s*(name|filename)=/g, '; $1=').replace(/filename=([^";\r\n]+)/, 'filename="$1"'),
        ),
      'latin1',
    );
    const form = await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: quoted,
    }).formData();
    const payload: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value !== 'string') payload[key] = '<uploaded file>';
      else payload[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    }
    return payload;
  }
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** The Bot API over HTTP on 127.0.0.1, with getUpdates long polling fed by `push`. */
export async function startFakeBotApi(
  token = FAKE_TOKEN,
  fake = new FakeTelegram(),
): Promise<FakeBotApiServer> {
  const queue: Update[] = [];
  let wake: (() => void) | undefined;
  const waiters: { predicate: (call: ApiCall) => boolean; resolve: (call: ApiCall) => void }[] = [];
  const holds: {
    predicate: (call: ApiCall) => boolean;
    reach: (call: ApiCall) => void;
    released: Promise<void>;
  }[] = [];
  let confirmed = 0;

  const server: Server = createServer(async (request, response) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const reply = (body: ApiResponse, status = 200) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!match || match[1] !== token)
      return reply({ ok: false, error_code: 401, description: 'Unauthorized' }, 401);
    const method = match[2] as string;
    const payload = await readPayload(request);
    if (method === 'getUpdates') {
      const offset = Number(payload.offset ?? 0);
      confirmed = Math.max(confirmed, offset);
      while (queue.length && (queue[0]?.update_id ?? 0) < offset) queue.shift();
      if (queue.length === 0 && Number(payload.timeout ?? 0) > 0) {
        const waited = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const timer = setTimeout(() => wake?.(), Math.min(Number(payload.timeout) * 1000, 1000));
        request.once('close', () => wake?.());
        await waited;
        clearTimeout(timer);
        wake = undefined;
      }
      if (response.destroyed) return;
      return reply({ ok: true, result: queue.filter((u) => u.update_id >= offset).slice(0, 100) });
    }
    const result = fake.handle(method, payload);
    const call = fake.calls.at(-1) as ApiCall;
    for (const waiter of [...waiters]) {
      if (waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
    const held = holds.find((h) => h.predicate(call));
    if (held) {
      holds.splice(holds.indexOf(held), 1);
      held.reach(call);
      await held.released;
    }
    reply(result, result.ok ? 200 : result.error_code);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    push(update) {
      queue.push(update);
      wake?.();
    },
    waitFor(predicate, timeoutMs = 15_000) {
      const found = fake.calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const recent = fake.calls
            .slice(-5)
            .map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 200)}`);
          reject(new Error(`Timed out waiting for a Bot API call; the last ones:\n${recent.join('\n')}`));
        }, timeoutMs);
        waiters.push({
          predicate,
          resolve: (call) => {
            clearTimeout(timer);
            resolve(call);
          },
        });
      });
    },
    hold(predicate) {
      let reach: (call: ApiCall) => void = () => undefined;
      let release: () => void = () => undefined;
      const reached = new Promise<ApiCall>((resolve) => {
        reach = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ predicate, reach, released });
      return { reached, release };
    },
    confirmedOffset: () => confirmed,
    async close() {
      wake?.();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
