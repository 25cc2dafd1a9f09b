import { dbNow, dbNowPlus } from './db-clock.js';
import { type Executor, writeStatement } from './transaction.js';

/** SQL of the job leases (see lease.ts). Times are the database's clock (see db-clock.ts). */

/**
 * Takes the lease for `holder` if it is free, lapsed or already held by `holder` (then it is renewed), for `ms`
 * from now. Each step is one statement that decides on the row as it is when it writes, so two processes
 * (or two Galera nodes, where the loser's statement fails certification and runs again) never both get it.
 */
export async function acquireLease(db: Executor, name: string, holder: string, ms: number): Promise<boolean> {
  return writeStatement(db, async (db) => {
    const taken = await db
      .updateTable('job_leases')
      .set({ holder, expires_at: dbNowPlus(ms) })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', dbNow)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) return true;
    const created = await db
      .insertInto('job_leases')
      .ignore()
      .values({ name, holder, expires_at: dbNowPlus(ms) })
      .executeTakeFirst();
    return Number(created.numInsertedOrUpdatedRows ?? 0) > 0;
  });
}

/** Ends `holder`'s lease at once, so the next run anywhere need not wait for it to lapse. */
export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await writeStatement(db, (db) =>
    db
      .updateTable('job_leases')
      .set({ expires_at: dbNow })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute(),
  );
}
