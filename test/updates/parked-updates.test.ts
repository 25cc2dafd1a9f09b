import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/db/connection.js';
import { createParkedUpdates } from '../../src/updates/parked-updates.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Parked updates with real parallel connections, each pool standing for a polling process. A claim's minute is
 * made to pass by moving its expiry into the past in the database, whose clock every claim uses.
 */

type Update = { update_id: number; text: string };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ connectionLimit: 5 });
});
afterAll(() => t.drop());

const logger = pino({ level: 'silent' });
const never = new Promise<never>(() => undefined);

async function lapse(updateId: number): Promise<void> {
  await t.db
    .updateTable('webhook_updates')
    .set({ expires_at: sql<Date>`utc_timestamp(3) - interval 1 second` })
    .where('update_id', '=', updateId)
    .execute();
}

const row = (updateId: number) =>
  t.db.selectFrom('webhook_updates').selectAll().where('update_id', '=', updateId).executeTakeFirst();

describe('parked updates', () => {
  it('are handled exactly once by one of two processes after the parking one died; finished ones never', async () => {
    const dead = createDatabase(t.url, { connectionLimit: 1 });
    const parking = createParkedUpdates<Update>(dead, { logger });
    // 10: its process dies in hand. 11: handled and finished. 12: in hand at a live process. 13: parked by a
    // process that died before confirming it, so Telegram delivers it again (at or above the bound).
    expect(await parking.park({ update_id: 10, text: 'stalled' }, never)).toBe(true);
    expect(await parking.park({ update_id: 11, text: 'done' }, Promise.resolve())).toBe(true);
    expect(await parking.park({ update_id: 13, text: 'unconfirmed' }, never)).toBe(true);
    const alive = createParkedUpdates<Update>(t.db, { logger });
    expect(await alive.park({ update_id: 12, text: 'in hand' }, never)).toBe(true);
    await until(async () => Boolean((await row(11))?.finished_at), 'update 11 finished');
    await dead.destroy();
    for (const id of [10, 11, 13]) await lapse(id);
    expect((await row(10))?.payload).toBe(JSON.stringify({ update_id: 10, text: 'stalled' }));

    const pools: Db[] = [0, 1].map(() => createDatabase(t.url, { connectionLimit: 1 }));
    const handled: { process: number; update: Update }[] = [];
    const sweepers = pools.map((db, process) => {
      const sweeper = createParkedUpdates<Update>(db, { logger });
      sweeper.startSweeping(13, async (update) => {
        handled.push({ process, update });
      });
      return sweeper;
    });
    try {
      await until(async () => Boolean((await row(10))?.finished_at), 'update 10 finished');
      await Promise.all(sweepers.map((sweeper) => sweeper.stop()));
      expect(handled.map((h) => h.update)).toEqual([{ update_id: 10, text: 'stalled' }]);
      expect((await row(12))?.finished_at).toBeNull();
      expect((await row(13))?.finished_at).toBeNull();
    } finally {
      await Promise.all(pools.map((db) => db.destroy()));
    }
  });

  it('a failed park says so, so the update is not confirmed', async () => {
    const elsewhere = new URL(t.url);
    elsewhere.pathname = '/no_such_shop';
    const gone = createDatabase(elsewhere.href, { connectionLimit: 1 });
    const parking = createParkedUpdates<Update>(gone, { logger });
    expect(await parking.park({ update_id: 20, text: 'x' }, never)).toBe(false);
    expect(await row(20)).toBeUndefined();
    await gone.destroy();
  });
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 15_000; !(await check()); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
