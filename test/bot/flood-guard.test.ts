import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import { floodGuard } from '../../src/bot/middlewares/flood-guard.js';

/** Drives the middleware alone: which of one user's updates reach the bot, and how often they are told. */
function guard(limit: { updates: number; windowMs: number; pauseMs: number }) {
  let now = 1_000_000;
  let told = 0;
  const middleware = floodGuard(limit, {
    isExempt: (id) => id === 1,
    now: () => now,
    tell: async () => {
      told += 1;
    },
  });
  return {
    at: (ms: number) => {
      now = 1_000_000 + ms;
    },
    /** Sends one update from `userId`; true when it was passed on. */
    async send(userId = 7): Promise<boolean> {
      let passed = false;
      await middleware({ from: { id: userId } } as BotContext, async () => {
        passed = true;
      });
      return passed;
    },
    told: () => told,
  };
}

describe('flood guard', () => {
  it('catches a burst split across a window boundary (a sliding window, not fixed buckets)', async () => {
    const g = guard({ updates: 3, windowMs: 60_000, pauseMs: 300_000 });
    expect(await g.send()).toBe(true);
    g.at(59_000);
    for (let i = 0; i < 2; i++) expect(await g.send()).toBe(true);
    // The first has left the window, the two just before have not: one more fits, a second does not.
    g.at(60_500);
    expect(await g.send()).toBe(true);
    g.at(61_000);
    expect(await g.send()).toBe(false);
    expect(g.told()).toBe(1);
    // Paused: even a minute later nothing passes, and they are not told again.
    g.at(121_000);
    expect(await g.send()).toBe(false);
    expect(g.told()).toBe(1);
    // After the pause they start afresh with the whole allowance.
    g.at(61_000 + 300_000);
    for (let i = 0; i < 3; i++) expect(await g.send()).toBe(true);
    expect(await g.send()).toBe(false);
    expect(g.told()).toBe(2);
  });

  it('lets one more through as soon as the oldest of the last N leaves the window', async () => {
    const g = guard({ updates: 3, windowMs: 60_000, pauseMs: 300_000 });
    for (const ms of [0, 10_000, 20_000]) {
      g.at(ms);
      expect(await g.send()).toBe(true);
    }
    g.at(60_000);
    expect(await g.send()).toBe(true);
    g.at(69_999);
    expect(await g.send()).toBe(false);
  });

  it('keeps users apart and never limits the exempt', async () => {
    const g = guard({ updates: 2, windowMs: 60_000, pauseMs: 300_000 });
    for (let i = 0; i < 3; i++) await g.send(7);
    expect(await g.send(8)).toBe(true);
    for (let i = 0; i < 50; i++) expect(await g.send(1)).toBe(true);
  });
});
