import { autoRetry } from '@grammyjs/auto-retry';
import { type Api, HttpError, type Transformer } from 'grammy';

/**
 * How the bot's calls to Telegram behave on a bad day, every one bounded:
 * - a 429 is waited out when retry_after is at most 20 s, and 5xx answers are retried, 3 times at most (auto-retry);
 * - a network error is retried twice more with a short backoff (auto-retry alone would retry it forever);
 * - no call but getUpdates lives longer than `callDeadlineSeconds`, retries included; polling has its own backoff.
 */
export const API_POLICY = {
  maxRetryAttempts: 3,
  maxDelaySeconds: 20,
  networkAttempts: 3,
  callDeadlineSeconds: 25,
};

export function applyApiPolicy(api: Api, policy = API_POLICY): void {
  api.config.use(
    autoRetry({
      maxRetryAttempts: policy.maxRetryAttempts,
      maxDelaySeconds: policy.maxDelaySeconds,
      rethrowHttpErrors: true,
    }),
  );
  api.config.use(retryNetworkErrors(policy.networkAttempts));
  // Installed last, so it runs first and its deadline covers every retry below it.
  api.config.use(callDeadline(policy.callDeadlineSeconds));
}

function retryNetworkErrors(attempts: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const again =
          error instanceof HttpError && method !== 'getUpdates' && attempt < attempts && !signal?.aborted;
        if (!again) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
      }
    }
  };
}

function callDeadline(seconds: number): Transformer {
  return (prev, method, payload, signal) => {
    if (method === 'getUpdates') return prev(method, payload, signal);
    const deadline = AbortSignal.timeout(seconds * 1000);
    const own = signal as unknown as globalThis.AbortSignal | undefined;
    return prev(method, payload, grammySignal(own ? AbortSignal.any([own, deadline]) : deadline));
  };
}

/** grammY types its abort signals with the abort-controller package's shim; at run time they are Node's own. */
export const grammySignal = (signal: globalThis.AbortSignal) =>
  signal as unknown as Parameters<Api['getMe']>[0];
