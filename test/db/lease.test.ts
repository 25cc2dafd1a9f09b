import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { runWithLease } from '../../src/db/lease.js';
import { acquireLease } from '../../src/db/lease.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Job leases with real parallel connections (each pool stands for a process). Lease times are the database's
 * clock, so the tests that watch a lease lapse or get renewed let real time pass, a few short leases long.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ connectionLimit: 5 });
});
afterAll(() => t.drop());

const holderOf = (name: string) =>
  t.db.selectFrom('job_leases').select('holder').where('name', '=', name).executeTakeFirst();

describe('job leases', () => {
  it('lets exactly one of many processes asking at once run the job', async () => {
    const processes: Db[] = Array.from({ length: 8 }, () => createDatabase(t.url, { connectionLimit: 1 }));
    try {
      let finish: () => void = () => undefined;
      const running = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let returned = 0;
      const runs = processes.map((db) =>
        runWithLease(db, 'race', () => running).finally(() => {
          // The winner keeps running until every other process has returned empty-handed.
          if (++returned === processes.length - 1) finish();
        }),
      );
      const results = await Promise.all(runs);
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(await runWithLease(t.db, 'race', async () => 'again')).toEqual({ ran: true, value: 'again' });
    } finally {
      await Promise.all(processes.map((db) => db.destroy()));
    }
  });

  it('renews the lease while a long job runs, and gives it back at the end', async () => {
    const ttlMs = 300;
    let refusals = 0;
    const started = Date.now();
    const pass = await runWithLease(
      t.db,
      'long',
      async () => {
        // Another process keeps asking for three lease terms; renewal must keep refusing it.
        while (Date.now() - started < 3 * ttlMs) {
          if (await acquireLease(t.db, 'long', 'another process', ttlMs)) throw new Error('lease taken');
          refusals++;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return 'done';
      },
      { ttlMs },
    );
    expect(pass).toEqual({ ran: true, value: 'done' });
    expect(refusals).toBeGreaterThan(0);
    expect(await acquireLease(t.db, 'long', 'another process', ttlMs)).toBe(true);
  });

  it('is taken over once the holder died and its lease lapsed', async () => {
    // A process took the lease and was killed: it never renews and never gives it back.
    expect(await acquireLease(t.db, 'orphan', 'killed process', 300)).toBe(true);
    expect(await runWithLease(t.db, 'orphan', async () => 'too early')).toEqual({ ran: false });
    let pass = await runWithLease(t.db, 'orphan', async () => (await holderOf('orphan'))?.holder);
    while (!pass.ran) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pass = await runWithLease(t.db, 'orphan', async () => (await holderOf('orphan'))?.holder);
    }
    expect(pass.value).not.toBe('killed process');
  });

  it('tells a job that lost its lease to stop, and leaves the new holder alone', async () => {
    const pass = await runWithLease(
      t.db,
      'stalled',
      async (lease) => {
        // As if this process stalled past its lease and another one took it meanwhile.
        await t.db
          .updateTable('job_leases')
          .set({ holder: 'the new holder' })
          .where('name', '=', 'stalled')
          .execute();
        await new Promise((resolve) => lease.lost.addEventListener('abort', resolve));
        return 'stopped';
      },
      { ttlMs: 300 },
    );
    expect(pass).toEqual({ ran: true, value: 'stopped' });
    expect(await holderOf('stalled')).toEqual({ holder: 'the new holder' });
  });
});
