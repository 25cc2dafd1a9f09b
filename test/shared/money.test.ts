import { describe, expect, it } from 'vitest';
import { displayMoney, fiatToSats, formatBtc, formatMoney, parseMoney } from '../../src/shared/money.js';

describe('money', () => {
  it('parses decimal text into minor units without floats', () => {
    expect(parseMoney('12.50', 'USD')).toBe(1250);
    expect(parseMoney('0.1', 'USD')).toBe(10);
    expect(parseMoney('19,99', 'EUR')).toBe(1999);
    expect(parseMoney('1005', 'JPY')).toBe(1005);
    expect(parseMoney('4.35', 'USD')).toBe(435);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', '-1', '1.234', 'abc', '1e3', '1.5', ' . ']) {
      expect(parseMoney(text, text === '1.5' ? 'JPY' : 'USD')).toBeUndefined();
    }
  });

  it('formats minor units as plain decimals and for people', () => {
    expect(formatMoney(1250, 'USD')).toBe('12.50');
    expect(formatMoney(5, 'USD')).toBe('0.05');
    expect(formatMoney(1005, 'JPY')).toBe('1005');
    expect(displayMoney(123456, 'USD')).toBe('$1,234.56');
  });

  it('converts fiat to satoshis rounding up', () => {
    // $100.00 at $65,000.00 per BTC = 0.00153846153... BTC -> 153847 sats
    expect(fiatToSats(10_000, 6_500_000)).toBe(153_847);
    expect(fiatToSats(6_500_000, 6_500_000)).toBe(100_000_000);
    expect(formatBtc(153_847)).toBe('0.00153847');
    expect(formatBtc(100_000_000)).toBe('1');
  });
});
