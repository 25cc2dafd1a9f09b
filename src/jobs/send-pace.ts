import type { Clock } from '../shared/clock.js';

/**
 * A token bucket on the injected clock: `perSecond` Telegram calls a second on average, at most a second's worth
 * at once. Spending may overdraw it (a message of several parts); the calls after wait for the debt to refill.
 */
export interface SendPace {
  /** Whether a call may go now. */
  ready(): boolean;
  /** Records one call. */
  spend(): void;
  /** Milliseconds until `ready()` turns true (0 when it is). */
  waitMs(): number;
}

export function createSendPace(clock: Clock, perSecond: number): SendPace {
  let tokens = perSecond;
  let at = clock.now().getTime();

  function refill(): void {
    const now = clock.now().getTime();
    tokens = Math.min(perSecond, tokens + ((now - at) / 1000) * perSecond);
    at = now;
  }

  return {
    ready() {
      refill();
      return tokens >= 1;
    },
    spend() {
      refill();
      tokens -= 1;
    },
    waitMs() {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
    },
  };
}
