import type { Api } from 'grammy';
import type { TelegramStatus } from '../monitoring/telegram-status.js';
import type { Clock } from '../shared/clock.js';

/**
 * Records the outcome of every Bot API call in `status`. An answer from Telegram, even a refusal such as 403,
 * proves it is reachable and the token valid; only network failures, 5xx and 401 count against it.
 */
export function watchApi(api: Api, status: TelegramStatus, clock: Clock): void {
  api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (result.ok || ((result.error_code ?? 500) < 500 && result.error_code !== 401))
        status.succeeded(clock.now());
      else status.failed(clock.now(), method, `${result.error_code}: ${result.description}`);
      return result;
    } catch (error) {
      status.failed(clock.now(), method, error instanceof Error ? error.message : String(error));
      throw error;
    }
  });
}
