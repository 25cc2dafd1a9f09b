import { displayMoney } from '../shared/money.js';
import { formatLocalDateTime } from '../shared/time.js';
import type { Locale } from './i18n.js';

/** Amounts and times as this customer reads them. */
export interface Formatter {
  money(minor: number, currency?: string): string;
  time(instant: Date | string): string;
}

export function formatter(locale: Locale, currency: string, timeZone: string): Formatter {
  return {
    money: (minor, code = currency) => displayMoney(minor, code, locale),
    time: (instant) => `${formatLocalDateTime(new Date(instant), timeZone)} (${timeZone})`,
  };
}
