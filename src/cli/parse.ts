import { z } from 'zod';
import { parseMoney } from '../shared/money.js';
import { formatLocalDateTime, parseLocalDateTime, readLocalDateTime } from '../shared/time.js';
import { UsageError } from './errors.js';

/**
 * Command-line values are text; these schemas turn them into numbers, money and times once, at the edge. A
 * malformed value is a usage error (exit 2); a well-formed value the shop refuses is the service's to reject.
 */

function flagName(key: PropertyKey | undefined): string {
  if (typeof key !== 'string') return 'A value';
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** What is wrong with a value, said after its name: zod's own words for a value outside a list read badly. */
function problemOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue?.message ?? 'is invalid';
}

/** Validates commander's options object; the first problem becomes a usage error naming the flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UsageError(`${flagName(issue?.path[0])} ${problemOf(issue)}`);
}

/** A whole number from `min` up, given as text. */
export const wholeNumber = (min = 0) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, `must be a whole number of ${min} or more`)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min, `must be a whole number of ${min} or more`);

/** Validates one positional value, naming it in the usage error. */
export function parseValue<S extends z.ZodType>(schema: S, raw: unknown, name: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new UsageError(`The ${name} ${problemOf(result.error.issues[0])}`);
}

export function parseQuantity(raw: string, min = 0): number {
  return parseValue(wholeNumber(min), raw, 'quantity');
}

export function parsePrice(raw: string, currency: string, flag = '--price'): number {
  const minor = parseMoney(raw, currency);
  if (minor === undefined) throw new UsageError(`${flag} must be an amount of ${currency} such as 12.50`);
  return minor;
}

export function parseTelegramId(raw: string): number {
  return parseValue(wholeNumber(1), raw, 'Telegram id');
}

export const LOCAL_TIME_FORMAT = 'YYYY-MM-DD HH:MM';

export function isLocalTime(text: string): boolean {
  const read = readLocalDateTime(text, 'UTC');
  return !('error' in read) || read.error !== 'format';
}

/** Refuses a malformed time before anything opens the database; the zone does not matter for the form. */
export function checkLocalTime(raw: string): void {
  if (!isLocalTime(raw)) throw new UsageError(`The delivery time must look like "${LOCAL_TIME_FORMAT}"`);
}

/**
 * "2026-11-22 10:00" in the shop's time zone (or with an offset such as +02:00), as an instant. Whether it is in the
 * coming year is the service's rule (requireFuture), so the bot and the CLI refuse the same times.
 */
export function parseDeliveryTime(raw: string, timeZone: string): Date {
  const read = readLocalDateTime(raw, timeZone);
  if ('error' in read && read.error === 'gap') {
    throw new UsageError(
      `${raw.trim()} does not exist in ${timeZone}: the clocks jump forward over it; choose another time`,
    );
  }
  if ('error' in read) {
    throw new UsageError(
      `The delivery time must look like "${LOCAL_TIME_FORMAT}" (${timeZone}), optionally with an offset such as +02:00`,
    );
  }
  return read.instant;
}

const RELATIVE = /^(\d{1,4})([hdw])$/;
const HOURS = { h: 1, d: 24, w: 168 } as const;

/**
 * A point in time for list filters: "7d", "12h" or "2w" before `now`, or "YYYY-MM-DD" (midnight) or
 * "YYYY-MM-DD HH:MM" in the shop's time zone.
 */
export function parseInstant(raw: string, flag: string, timeZone: string, now: Date): Date {
  const text = raw.trim();
  const relative = RELATIVE.exec(text);
  if (relative) {
    const hours = Number(relative[1]) * HOURS[relative[2] as keyof typeof HOURS];
    return new Date(now.getTime() - hours * 3_600_000);
  }
  const time = parseLocalDateTime(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text} 00:00` : text, timeZone);
  if (!time) throw new UsageError(`${flag} must be like 7d, 24h, 2026-11-01 or "2026-11-01 14:00"`);
  return time;
}

/** Midnight today in the shop's time zone. */
export function startOfToday(timeZone: string, now: Date): Date {
  return parseInstant(formatLocalDateTime(now, timeZone).slice(0, 10), '--today', timeZone, now);
}
