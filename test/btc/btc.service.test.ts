import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../src/btc/btc.schemas.js';
import { type TestShop, useTestShop } from '../support/shop.js';

let shop: TestShop;
useTestShop((created) => {
  ({ shop } = created);
});

const A = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const B = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const TESTNET = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

describe('address lists', () => {
  it('ignores comments and blanks, trims, drops duplicates and reports bad lines by number', () => {
    const text = `# pool\n\n  ${A}  \n${B} # cold wallet\n${A}\nnot-an-address\n${TESTNET}\n`;
    expect(parseAddressList(text, 'mainnet')).toEqual({
      addresses: [A, B],
      invalid: [
        { line: 6, text: 'not-an-address' },
        { line: 7, text: TESTNET },
      ],
    });
    expect(parseAddressList(TESTNET, 'testnet').addresses).toEqual([TESTNET]);
  });
});

describe('BTC pool', () => {
  it('adds valid addresses once and counts the pool', async () => {
    expect(await shop.services.btc.add([A, B, 'junk', A])).toEqual({
      added: 2,
      known: 0,
      invalid: [{ line: 3, text: 'junk' }],
    });
    expect(await shop.services.btc.addFromText(`${A}\n${B}\n`)).toMatchObject({ added: 0, known: 2 });
    expect(await shop.services.btc.counts()).toEqual({ available: 2, assigned: 0 });
    expect((await shop.services.btc.list()).map((a) => a.address)).toEqual([A, B]);
  });
});
