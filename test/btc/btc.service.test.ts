import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../src/btc/btc.schemas.js';
import { createDatabase } from '../../src/db/connection.js';
import { randomAddresses } from '../support/btc-addresses.js';
import { createTestShop, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
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

  it('loads each address once when two processes import the same file at once', async () => {
    // Several insert chunks; the second process reads the list the other way round, so the two collide on
    // the same keys in opposite orders, the worst case for locks.
    const addresses = randomAddresses(1_300);
    const processes = [
      createDatabase(t.url, { connectionLimit: 2 }),
      createDatabase(t.url, { connectionLimit: 2 }),
    ];
    try {
      const lists = [addresses, [...addresses].reverse()];
      const results = await Promise.all(
        processes.map((db, i) => createTestShop(db).services.btc.addFromText(lists[i]?.join('\n') ?? '')),
      );
      expect(results.map((r) => r.added + r.known)).toEqual([1_300, 1_300]);
      expect(results.reduce((sum, r) => sum + r.added, 0)).toBe(1_300);
      const rows = await t.db
        .selectFrom('btc_addresses')
        .select('address')
        .where('address', 'in', addresses)
        .execute();
      expect(rows).toHaveLength(1_300);
    } finally {
      await Promise.all(processes.map((db) => db.destroy()));
    }
  });
});
