import type { Executor } from '../db/transaction.js';

export function storedSettings(db: Executor): Promise<{ key: string; value: string }[]> {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

export async function storeSetting(db: Executor, key: string, value: string, now: Date): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onDuplicateKeyUpdate({ value, updated_at: now })
    .execute();
}

/** Forgets a stored value, so the setting reads as its default again. */
export async function deleteSetting(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}
