import { z } from 'zod';
import { fitsCallbackData } from '../../messages/limits.js';

/**
 * Typed, compact callback data: `prefix:value:value`, at most 64 bytes (Telegram's limit). Packing checks the
 * limit; unpacking validates every field with zod, so a forged or outdated button yields `undefined`, never a
 * half-parsed value.
 */

type Fields = Record<string, z.ZodType<string | number, string>>;
type Values<F extends Fields> = { [K in keyof F]: z.output<F[K]> };

export interface CallbackData<F extends Fields> {
  readonly prefix: string;
  /** Matches this button's data (for `composer.callbackQuery`). */
  readonly filter: RegExp;
  pack(values: Values<F>): string;
  unpack(data: string): Values<F> | undefined;
}

const prefixes = new Set<string>();

export function callbackData<F extends Fields>(prefix: string, fields: F): CallbackData<F> {
  if (!/^[a-z]{1,3}$/.test(prefix) || prefixes.has(prefix)) {
    throw new Error(`Callback prefix "${prefix}" is invalid or taken.`);
  }
  prefixes.add(prefix);
  const names = Object.keys(fields) as (keyof F & string)[];
  const schema = z.object(fields);
  return {
    prefix,
    filter: new RegExp(`^${prefix}(:|$)`),
    pack(values) {
      const data = [prefix, ...names.map((name) => String(values[name]))].join(':');
      if (!fitsCallbackData(data)) throw new Error(`Callback data "${data}" exceeds 64 bytes.`);
      return data;
    },
    unpack(data) {
      const parts = data.split(':');
      if (parts[0] !== prefix || parts.length !== names.length + 1) return undefined;
      const raw = Object.fromEntries(names.map((name, i) => [name, parts[i + 1]]));
      const parsed = schema.safeParse(raw);
      return parsed.success ? (parsed.data as Values<F>) : undefined;
    },
  };
}

/** A database id: digits only, no leading zeros games. */
export const id = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);
/** A keyset cursor or a count: 0 or a positive integer. */
export const count = z
  .string()
  .regex(/^(0|[1-9]\d{0,14})$/)
  .transform(Number);
/** A six-letter order code. */
export const orderCode = z.string().regex(/^[A-Z]{6}$/);
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);
