import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { createUpdateClaims } from '../../src/updates/update-claims.js';
import { claimUpdate } from '../../src/updates/updates.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Update claims with real parallel connections (each pool stands for a webhook process). Claim times are the
 * database's clock, so the renewal test lets real time pass, a few short claims long.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ connectionLimit: 5 });
});
afterAll(() => t.drop());

describe('update claims', () => {
  it('give an update to exactly one of many processes asking at once', async () => {
    const processes: Db[] = Array.from({ length: 8 }, () => createDatabase(t.url, { connectionLimit: 1 }));
    try {
      const outcomes = await Promise.all(processes.map((db) => createUpdateClaims(db).claim(1)));
      const won = outcomes.filter((outcome) => typeof outcome !== 'string');
      expect(won).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'in-hand')).toHaveLength(7);
      await won[0]?.finish();
      expect(await createUpdateClaims(t.db).claim(1)).toBe('finished');
    } finally {
      await Promise.all(processes.map((db) => db.destroy()));
    }
  });

  it('are renewed while the handler runs, so a resend meanwhile is not handled twice', async () => {
    const ttlMs = 300;
    const claim = await createUpdateClaims(t.db, { ttlMs }).claim(2);
    if (typeof claim === 'string') throw new Error(`not claimed: ${claim}`);
    let refusals = 0;
    const started = Date.now();
    // Another process keeps receiving the update for three claim terms; the renewals must keep refusing it.
    while (Date.now() - started < 3 * ttlMs) {
      expect(await claimUpdate(t.db, 2, 'another process', ttlMs)).toBe('in-hand');
      refusals++;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(refusals).toBeGreaterThan(0);
    await claim.finish();
    expect(await claimUpdate(t.db, 2, 'another process', ttlMs)).toBe('finished');
  });
});
