import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/shared/errors.js';
import { type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

describe('settings', () => {
  it('has typed defaults', async () => {
    expect(await shop.services.settings.all()).toMatchObject({
      reference_codes_enabled: true,
      reference_bonus_percent: 0,
      cash_order_timeout_hours: 24,
      timezone: 'UTC',
      btc_rate: null,
      low_btc_pool_threshold: 5,
    });
  });

  it('validates each key and stores typed values', async () => {
    const { settings } = shop.services;
    expect(await settings.set('reference_bonus_percent', '10')).toBe(10);
    expect(await settings.set('reference_codes_enabled', 'off')).toBe(false);
    expect(await settings.set('timezone', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(await settings.set('btc_rate', '65000.00')).toBe(6_500_000);
    expect(await settings.get('btc_rate')).toBe(6_500_000);
    expect(await settings.set('btc_rate', 'off')).toBeNull();
    expect(await settings.get('btc_rate')).toBeNull();
    const entries = await settings.list();
    expect(entries.find((e) => e.key === 'timezone')).toMatchObject({
      value: 'Europe/Berlin',
      isDefault: false,
    });
    expect(entries.find((e) => e.key === 'btc_rate')?.isDefault).toBe(true);
  });

  it.each([
    ['reference_bonus_percent', '101', /0 to 100/],
    ['reference_bonus_percent', '5.5', /whole number/],
    ['cash_order_timeout_hours', '0', /1 to 168/],
    ['cash_order_timeout_hours', '169', /1 to 168/],
    ['timezone', 'Mars/Base', /IANA/],
    ['btc_rate', '-1', /positive amount/],
    ['reference_codes_enabled', 'maybe', /true or false/],
    ['help_auto_message', '  ', /empty/],
  ])('refuses %s=%s', async (key, value, message) => {
    await expect(shop.services.settings.set(key, value)).rejects.toThrow(ValidationError);
    await expect(shop.services.settings.set(key, value)).rejects.toThrow(message);
  });

  it('refuses unknown keys', async () => {
    await expect(shop.services.settings.set('colour', 'red')).rejects.toThrow(NotFoundError);
  });
});
