import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { FakeTelegram } from './fake-bot-api.js';

/**
 * Telegram's getUpdates in process, with its semantics: a call returns the updates from its offset (at most
 * `limit`) at once, or waits up to its timeout for one; its offset forgets everything below. Other methods go to
 * `fake`, once the promise `pause` gives for the call settles (a customer on a slow network). Lets a test or the benchmark drive
 * the bot's own polling loop without HTTP in between.
 */
export function updateFeed(
  fake: FakeTelegram,
  pause: (method: string, payload: Record<string, unknown>) => Promise<unknown> | undefined = () => undefined,
) {
  const queue: Update[] = [];
  let confirmed = 0;
  let getUpdatesCalls = 0;
  let wake: (() => void) | undefined;

  async function getUpdates(payload: Record<string, unknown>, signal?: AbortSignal): Promise<Update[]> {
    getUpdatesCalls += 1;
    const offset = Number(payload.offset ?? 0);
    confirmed = Math.max(confirmed, offset);
    while (queue.length > 0 && (queue[0]?.update_id ?? 0) < confirmed) queue.shift();
    const available = () => queue.filter((u) => u.update_id >= offset);
    if (available().length === 0 && Number(payload.timeout ?? 0) > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Number(payload.timeout) * 1000);
        wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
      wake = undefined;
    }
    return available().slice(0, Number(payload.limit ?? 100));
  }

  const transformer = (async (
    _prev: unknown,
    method: string,
    raw: Record<string, unknown>,
    signal?: AbortSignal,
  ) => {
    const payload = raw ?? {};
    if (method === 'getUpdates') return { ok: true, result: await getUpdates(payload, signal) };
    await pause(method, payload);
    return fake.handle(method, payload);
  }) as unknown as Transformer;

  return {
    transformer,
    push(update: Update): void {
      queue.push(update);
      wake?.();
    },
    /** The highest offset confirmed: updates below it are never delivered again. */
    confirmedOffset: () => confirmed,
    getUpdatesCalls: () => getUpdatesCalls,
  };
}
