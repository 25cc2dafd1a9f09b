import type { Executor } from '../db/transaction.js';

/**
 * Locks the key's cursor row (creating it at 0 the first time) and returns the next index to derive. Held
 * until commit, so concurrent checkouts take indexes one after another and none is derived twice.
 */
export async function lockNextIndex(trx: Executor, xpub: string): Promise<number> {
  await trx.insertInto('btc_derivation').ignore().values({ xpub, next_index: 0 }).execute();
  const row = await trx
    .selectFrom('btc_derivation')
    .select('next_index')
    .where('xpub', '=', xpub)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.next_index;
}

export async function setNextIndex(trx: Executor, xpub: string, next: number): Promise<void> {
  await trx.updateTable('btc_derivation').set({ next_index: next }).where('xpub', '=', xpub).execute();
}

/** The cursor without a lock, for showing the next addresses. */
export async function peekNextIndex(db: Executor, xpub: string): Promise<number> {
  const row = await db
    .selectFrom('btc_derivation')
    .select('next_index')
    .where('xpub', '=', xpub)
    .executeTakeFirst();
  return row?.next_index ?? 0;
}

/**
 * Adds a derived address to the pool table, free for the order about to take it; returns its id, or
 * undefined when the address is already there (given to the pool by hand), so it is skipped, never reused.
 */
export async function insertDerivedAddress(
  trx: Executor,
  address: string,
  index: number,
  now: Date,
): Promise<number | undefined> {
  const result = await trx
    .insertInto('btc_addresses')
    .ignore()
    .values({ address, derivation_index: index, added_at: now })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? Number(result.insertId) : undefined;
}
