import { describe, expect, it } from 'vitest';
import { nextDelayMs } from '../../src/jobs/payment-watcher.js';

describe('payment watcher back-off', () => {
  it('waits the interval after a good pass, doubles per failed pass, caps at 30 minutes, honours Retry-After', () => {
    expect(nextDelayMs(60_000, 0)).toBe(60_000);
    expect(nextDelayMs(60_000, 1)).toBe(120_000);
    expect(nextDelayMs(60_000, 3)).toBe(480_000);
    expect(nextDelayMs(60_000, 20)).toBe(1_800_000);
    expect(nextDelayMs(60_000, 1, 600)).toBe(600_000);
  });
});
