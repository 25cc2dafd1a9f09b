import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, parseLocalDateTime, readLocalDateTime } from '../../src/shared/time.js';

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

  it('takes an explicit offset as it is, whatever the shop zone', () => {
    expect(parseLocalDateTime('2026-07-01 18:30+02:00', 'America/New_York')?.toISOString()).toBe(
      '2026-07-01T16:30:00.000Z',
    );
    expect(parseLocalDateTime('2026-07-01T18:30-05:30', 'UTC')?.toISOString()).toBe(
      '2026-07-02T00:00:00.000Z',
    );
    expect(parseLocalDateTime('2026-07-01 18:30Z', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T18:30:00.000Z',
    );
    expect(readLocalDateTime('2026-07-01 18:30+15:00', 'UTC')).toEqual({ error: 'format' });
  });

  it('refuses a time the clocks jump over instead of moving it', () => {
    expect(readLocalDateTime('2027-03-28 02:30', 'Europe/Berlin')).toEqual({ error: 'gap' });
    expect(readLocalDateTime('2027-03-14 02:00', 'America/New_York')).toEqual({ error: 'gap' });
    // Either side of the jump, and the repeated hour in autumn, are real times.
    expect(parseLocalDateTime('2027-03-28 01:59', 'Europe/Berlin')?.toISOString()).toBe(
      '2027-03-28T00:59:00.000Z',
    );
    expect(parseLocalDateTime('2027-03-28 03:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2027-03-28T01:00:00.000Z',
    );
    expect(parseLocalDateTime('2026-10-25 02:30', 'Europe/Berlin')).toBeDefined();
  });

  it('formats back to the same wall-clock time', () => {
    const instant = new Date('2026-07-01T16:30:00Z');
    expect(formatLocalDateTime(instant, 'Europe/Berlin')).toBe('2026-07-01 18:30');
    expect(formatLocalDateTime(instant, 'America/New_York')).toBe('2026-07-01 12:30');
  });
});
