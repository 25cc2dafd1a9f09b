import { z } from 'zod';
import { parseMoney } from '../shared/money.js';

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', 'on', 'off', 'yes', 'no', '1', '0'].includes(v), 'must be true or false')
  .transform((v) => ['true', 'on', 'yes', '1'].includes(v));

const intText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every setting the owner can change: its parser from text, its default and what it means. */
export function settingDefinitions(currency: string) {
  return {
    reference_codes_enabled: {
      parse: booleanText,
      default: true,
      description: 'New customers must enter a reference code before they can shop.',
    },
    reference_bonus_percent: {
      parse: intText(0, 100),
      default: 0,
      description:
        'Percent of a delivered order credited to the customer who referred the buyer (0 turns it off).',
    },
    cash_order_timeout_hours: {
      parse: intText(1, 168),
      default: 24,
      description: 'Hours an unconfirmed order keeps its stock reserved before it expires.',
    },
    timezone: {
      parse: z.string().trim().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
      default: 'UTC',
      description: 'Time zone for delivery times entered and shown.',
    },
    help_auto_message: {
      parse: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
      default: 'Thank you! Your message has been passed on; we will reply here soon.',
      description: 'Reply a customer gets after writing to Help.',
    },
    btc_rate: {
      parse: z
        .string()
        .trim()
        .transform((text, ctx) => {
          if (['', 'off', 'none'].includes(text.toLowerCase())) return null;
          const minor = parseMoney(text, currency);
          if (minor === undefined || minor <= 0) {
            ctx.addIssue({
              code: 'custom',
              message: `must be a positive amount of ${currency} per 1 BTC, or "off"`,
            });
            return z.NEVER;
          }
          return minor;
        }),
      default: null as number | null,
      description: `${currency} per 1 BTC, to lock a BTC amount on Bitcoin orders ("off" shows only the ${currency} total).`,
    },
    btc_confirmations: {
      parse: intText(0, 100),
      default: 1,
      description:
        'Confirmations a Bitcoin payment needs before the order is confirmed (0: the mempool is enough).',
    },
    btc_underpay_tolerance_percent: {
      parse: intText(0, 50),
      default: 0,
      description: 'Percent a Bitcoin payment may fall short of the locked amount and still count as paid.',
    },
    btc_late_payment_days: {
      parse: intText(0, 365),
      default: 7,
      description: 'Days expired or cancelled Bitcoin orders stay watched for late payments.',
    },
    btc_rate_max_age_hours: {
      parse: intText(0, 8760),
      default: 24,
      description: 'Bitcoin checkout is refused when btc_rate is older than this (0: never).',
    },
    low_btc_pool_threshold: {
      parse: intText(0, 100_000),
      default: 5,
      description: 'Admins are alerted once when free Bitcoin addresses fall to this many.',
    },
    customer_refcode_limit: {
      parse: intText(0, 100),
      default: 3,
      description: 'Reference codes each customer may create (0: customers cannot create codes).',
    },
    customer_refcode_max_uses: {
      parse: intText(0, 10_000),
      default: 5,
      description: 'How many people can join with one customer-created code (0: unlimited).',
    },
    // Limits on one customer, so nobody can hold all the stock or empty the address pool; staff are exempt.
    max_open_orders_per_customer: {
      parse: intText(0, 1000),
      default: 2,
      description: 'Reserved or confirmed orders one customer may have at once (0: no limit).',
    },
    max_orders_per_customer_per_hour: {
      parse: intText(0, 1000),
      default: 5,
      description: 'Orders one customer may place within an hour, cancelled ones included (0: no limit).',
    },
    max_btc_addresses_per_customer_per_day: {
      parse: intText(0, 1000),
      default: 3,
      description: 'Bitcoin addresses one customer may be given within 24 hours (0: no limit).',
    },
    max_quantity_per_product: {
      parse: intText(0, 1000),
      default: 20,
      description: 'Units of one product a customer may order at once (0: no limit).',
    },
    max_help_messages_per_hour: {
      parse: intText(0, 1000),
      default: 5,
      description: 'Help messages one customer may send to the staff within an hour (0: no limit).',
    },
  } satisfies Record<string, { parse: z.ZodType<unknown, string>; default: unknown; description: string }>;
}

type Definitions = ReturnType<typeof settingDefinitions>;
export type SettingKey = keyof Definitions;
export type Settings = { [K in SettingKey]: Definitions[K]['default'] extends infer D ? Widen<D> : never };
type Widen<T> = T extends boolean ? boolean : T extends number ? number : T extends string ? string : T;

export const SETTING_KEYS = Object.keys(settingDefinitions('USD')) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}
