import { dbNow, dbNowPlus } from '../db/db-clock.js';
import { type Executor, writeStatement } from '../db/transaction.js';

/**
 * SQL of the update claims (see update-claims.ts and parked-updates.ts). Times are the database's clock (see db-clock.ts), so
 * every process, on any Galera node, agrees when a claim has lapsed.
 */

/** Where an update stands for a process that wants to handle it. */
export type ClaimOutcome = 'claimed' | 'finished' | 'in-hand';

/**
 * Claims update `updateId` for `holder` for `ms` from now: a new update, or one whose holder died (its claim lapsed
 * unfinished). Otherwise tells whether it was finished or is still being handled elsewhere. Each write is one
 * statement that decides on the row as it is when it writes, so two processes (or two Galera nodes, where the
 * loser's statement fails certification and runs again) never both claim it.
 */
export async function claimUpdate(
  db: Executor,
  updateId: number,
  holder: string,
  ms: number,
): Promise<ClaimOutcome> {
  return writeStatement(db, async (db) => {
    const created = await db
      .insertInto('webhook_updates')
      .ignore()
      .values({ update_id: updateId, holder, claimed_at: dbNow, expires_at: dbNowPlus(ms) })
      .executeTakeFirst();
    if (Number(created.numInsertedOrUpdatedRows ?? 0) > 0) return 'claimed';
    const taken = await db
      .updateTable('webhook_updates')
      .set({ holder, claimed_at: dbNow, expires_at: dbNowPlus(ms) })
      .where('update_id', '=', updateId)
      .where('finished_at', 'is', null)
      .where('expires_at', '<=', dbNow)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) return 'claimed';
    const row = await db
      .selectFrom('webhook_updates')
      .select('finished_at')
      .where('update_id', '=', updateId)
      .executeTakeFirst();
    return row?.finished_at ? 'finished' : 'in-hand';
  });
}

/**
 * Parks update `updateId` (its JSON `payload`) under `holder`'s claim for `ms`: long polling is about to confirm it
 * to Telegram while it is still being handled. A row left unfinished by a process that died before confirming it
 * is taken over whatever its lease, since Telegram delivered the update to this process; false when it was
 * finished already.
 */
export async function parkUpdate(
  db: Executor,
  updateId: number,
  holder: string,
  ms: number,
  payload: string,
): Promise<boolean> {
  return writeStatement(db, async (db) => {
    const claim = { holder, claimed_at: dbNow, expires_at: dbNowPlus(ms), payload };
    const created = await db
      .insertInto('webhook_updates')
      .ignore()
      .values({ update_id: updateId, ...claim })
      .executeTakeFirst();
    if (Number(created.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const taken = await db
      .updateTable('webhook_updates')
      .set(claim)
      .where('update_id', '=', updateId)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  });
}

/** Parked updates below `below` whose claim lapsed unfinished, oldest first (the index on finished_at, expires_at). */
export function findLapsedParkedUpdates(
  db: Executor,
  below: number,
  limit: number,
): Promise<{ update_id: number; payload: string }[]> {
  return db
    .selectFrom('webhook_updates')
    .select(['update_id', 'payload'])
    .where('finished_at', 'is', null)
    .where('expires_at', '<=', dbNow)
    .where('payload', 'is not', null)
    .where('update_id', '<', below)
    .orderBy('expires_at')
    .limit(limit)
    .execute() as Promise<{ update_id: number; payload: string }[]>;
}

/** Extends `holder`'s claim while its handler still runs; false when the claim is no longer its own. */
export async function renewClaim(
  db: Executor,
  updateId: number,
  holder: string,
  ms: number,
): Promise<boolean> {
  const renewed = await writeStatement(db, (db) =>
    db
      .updateTable('webhook_updates')
      .set({ expires_at: dbNowPlus(ms) })
      .where('update_id', '=', updateId)
      .where('holder', '=', holder)
      .where('finished_at', 'is', null)
      .executeTakeFirst(),
  );
  return Number(renewed.numUpdatedRows) > 0;
}

/** Marks the update handled: every later delivery of it is answered and skipped. */
export async function finishUpdate(db: Executor, updateId: number, holder: string): Promise<void> {
  await writeStatement(db, (db) =>
    db
      .updateTable('webhook_updates')
      .set({ finished_at: dbNow })
      .where('update_id', '=', updateId)
      .where('holder', '=', holder)
      .where('finished_at', 'is', null)
      .execute(),
  );
}
