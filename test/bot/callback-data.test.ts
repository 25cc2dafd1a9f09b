import { describe, expect, it } from 'vitest';
import { callbackData, id, oneOf } from '../../src/bot/callback-data/codec.js';
import * as buttons from '../../src/bot/callback-data/index.js';

describe('callback data', () => {
  it('packs compactly and unpacks to typed values', () => {
    const data = buttons.productData.pack({ product: 123, qty: 4, dir: 'b', cursor: 77 });
    expect(data).toBe('p:123:4:b:77');
    expect(buttons.productData.unpack(data)).toEqual({ product: 123, qty: 4, dir: 'b', cursor: 77 });
    expect(buttons.orderData.unpack('od:yes:ABCDEF')).toEqual({ op: 'yes', code: 'ABCDEF' });
  });

  it('refuses forged, truncated or foreign data', () => {
    for (const bad of [
      'p:123:4:b',
      'p:123:4:b:77:9',
      'p:0:1:a:0',
      'p:01:1:a:0',
      'p:x:1:a:0',
      'p:1:1:c:0',
      'pa:1:1:a:0',
      'od:show:ABCDE',
      'od:drop:ABCDEF',
    ]) {
      expect(buttons.productData.unpack(bad) ?? buttons.orderData.unpack(bad), bad).toBeUndefined();
    }
  });

  it('never packs more than 64 bytes, and keeps prefixes unique', () => {
    const biggest = buttons.productData.pack({
      product: 999_999_999_999_999,
      qty: 999_999_999_999_999,
      dir: 'a',
      cursor: 999_999_999_999_999,
    });
    expect(Buffer.byteLength(biggest)).toBeLessThanOrEqual(64);
    const wide = callbackData('zzz', { a: id, b: id, c: id, d: id, e: id });
    expect(() =>
      wide.pack({
        a: 999_999_999_999_999,
        b: 999_999_999_999_999,
        c: 999_999_999_999_999,
        d: 999_999_999_999_999,
        e: 1,
      }),
    ).toThrow(/64 bytes/);
    expect(() => callbackData('p', { x: oneOf(['a']) })).toThrow(/taken/);
  });
});
