/**
 * Money is always an integer number of minor units (cents for USD). These helpers are the only place that
 * converts between minor units and decimal text, so no float ever touches an amount.
 */

const digitsCache = new Map<string, number>();

export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Parses "12.50" into 1250 (for a two-digit currency). Returns undefined when the text is not an amount. */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const match = /^(\d{1,13})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  const value = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Formats 1250 as "12.50": the plain decimal string used in JSON and CSV. */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats 1250 as "$12.50" (or "12,50 $" in Russian) for people. */
export function displayMoney(minor: number, currency: string, locale = 'en'): string {
  const key = `${locale}:${currency}`;
  let format = formatters.get(key);
  if (!format) {
    // Building a formatter costs far more than using one: keep one per locale and currency.
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  return format.format(formatMoney(minor, currency) as unknown as number);
}

/** Satoshis per bitcoin. */
export const SATS_PER_BTC = 100_000_000n;

/** Formats satoshis as a BTC decimal without trailing zeros: 123_450_000 -> "1.2345". */
export function formatBtc(sats: number): string {
  const whole = Math.trunc(sats / 1e8);
  const fraction = (sats % 1e8).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** BTC amount for a fiat total at a rate (fiat minor units per 1 BTC), rounded up to the satoshi. */
export function fiatToSats(totalMinor: number, rateMinorPerBtc: number): number {
  const numerator = BigInt(totalMinor) * SATS_PER_BTC;
  const rate = BigInt(rateMinorPerBtc);
  return Number((numerator + rate - 1n) / rate);
}
