import { describe, expect, it } from 'vitest';
import { deriveAddress, parseAccountKey } from '../../src/btc/xpub.js';
import { createConfig } from '../../src/config.js';

/**
 * Published vectors for the mnemonic "abandon abandon … about": BIP84 (zpub, first two receive addresses),
 * SLIP-132 for the BIP44 xpub and BIP49 ypub of the same seed, and BIP49's own testnet vector (upub).
 */
const ZPUB =
  'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';
const YPUB =
  'ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP';
const XPUB =
  'xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj';
const UPUB =
  'upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY';

describe('addresses from an extended public key', () => {
  it('derives BIP84 native SegWit receive addresses from a zpub', () => {
    const account = parseAccountKey(ZPUB, 'mainnet');
    expect(deriveAddress(account, 0)).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(deriveAddress(account, 1)).toBe('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
  });

  it('derives BIP49 nested SegWit from a ypub and BIP44 legacy from an xpub', () => {
    expect(deriveAddress(parseAccountKey(YPUB, 'mainnet'), 0)).toBe('37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf');
    expect(deriveAddress(parseAccountKey(XPUB, 'mainnet'), 0)).toBe('1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA');
  });

  it('derives testnet addresses from the testnet forms', () => {
    expect(deriveAddress(parseAccountKey(UPUB, 'testnet'), 0)).toBe('2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2');
  });

  it('refuses a key of the other network, a private key, a typo and anything else', () => {
    expect(() => parseAccountKey(ZPUB, 'testnet')).toThrow(/mainnet key but BTC_NETWORK is testnet/);
    expect(() => parseAccountKey(UPUB, 'mainnet')).toThrow(/testnet key/);
    expect(() => parseAccountKey(`${ZPUB.slice(0, -1)}t`, 'mainnet')).toThrow(
      /not a valid extended public key/,
    );
    expect(() =>
      parseAccountKey(
        'xprv9xpXFhFpqdQK3TmytPBqXtGSwS3DLjojFhTGht8gwAAii8py5X6pxeBnQ6ehJiyJ6nDjWGJfZ95WxByFXVkDxHXrqu53WCRGypk2ttuqncb',
        'mainnet',
      ),
    ).toThrow(/must start with xpub/);
    expect(() => createConfig({ BTC_XPUB: 'hello' })).toThrow(/BTC_XPUB must start with xpub/);
    expect(createConfig({ BTC_XPUB: ZPUB }).btcXpub).toBe(ZPUB);
  });
});
