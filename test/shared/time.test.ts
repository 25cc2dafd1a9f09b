import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, parseLocalDateTime } from '../../src/shared/time.js';

describe('local date-times', () => {
  it('reads a wall-clock time in the shop time zone', () => {
    expect(parseLocalDateTime('2026-07-01 18:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T16:30:00.000Z',
    );
    expect(parseLocalDateTime('2026-12-01 18:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-12-01T17:30:00.000Z',
    );
    expect(parseLocalDateTime('2026-12-01 18:30', 'UTC')?.toISOString()).toBe('2026-12-01T18:30:00.000Z');
  });

  it('refuses malformed and impossible times', () => {
    for (const text of ['2026-02-30 10:00', '2026-12-01', '2026-12-01 24:00', 'tomorrow']) {
      expect(parseLocalDateTime(text, 'UTC')).toBeUndefined();
    }
  });

  it('formats back to the same wall-clock time', () => {
    const instant = new Date('2026-07-01T16:30:00Z');
    expect(formatLocalDateTime(instant, 'Europe/Berlin')).toBe('2026-07-01 18:30');
    expect(formatLocalDateTime(instant, 'America/New_York')).toBe('2026-07-01 12:30');
  });
});
