import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../src/config.js';

describe('createConfig', () => {
  it('applies the documented defaults', () => {
    const config = createConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      telegramApiRoot: 'https://api.telegram.org',
      btcNetwork: 'mainnet',
      currency: 'USD',
      locale: 'en',
      logLevel: 'info',
      adminIds: [],
    });
    expect(config.btcAddressesFile.endsWith('btc_addresses.txt')).toBe(true);
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('parses every variable', () => {
    const config = createConfig({
      DATABASE_URL: 'mysql://shop:secret@127.0.0.1:3307/shop',
      DATABASE_TCP_PORT: '3307',
      BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi',
      OWNER_ID: '42',
      ADMIN_IDS: '7, 8,9',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      BTC_NETWORK: 'testnet',
      SHOP_CURRENCY: 'EUR',
      BOT_LOCALE: 'ru',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      databaseTcpPort: 3307,
      ownerId: 42,
      adminIds: [7, 8, 9],
      telegramApiRoot: 'http://127.0.0.1:8081',
      btcNetwork: 'testnet',
      currency: 'EUR',
      locale: 'ru',
    });
  });

  it.each([
    ['DATABASE_URL', 'postgres://x@y/z', /DATABASE_URL/],
    ['OWNER_ID', 'abc', /OWNER_ID/],
    ['ADMIN_IDS', '1,two', /ADMIN_IDS.*"two"/],
    ['BTC_NETWORK', 'regtest', /BTC_NETWORK must be one of mainnet, testnet/],
    ['SHOP_CURRENCY', 'usd', /SHOP_CURRENCY/],
    ['SHOP_CURRENCY', 'XYZ', /SHOP_CURRENCY is not a known ISO 4217 currency/],
    ['BOT_LOCALE', 'de', /BOT_LOCALE must be one of en, ru/],
    ['BOT_TOKEN', 'not-a-token', /BOT_TOKEN/],
  ])('names the variable when %s=%s is malformed', (name, value, message) => {
    expect(() => createConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => createConfig({ [name]: value })).toThrow(message);
  });

  it('treats empty values as unset', () => {
    expect(createConfig({ DATABASE_URL: '', OWNER_ID: '' }).ownerId).toBeUndefined();
  });
});
