import type { Executor } from '../db/transaction.js';

/**
 * The bot's username, cached in the settings table under a key that is not an owner setting (the settings
 * service lists only its own keys), as "<bot id>:<username>" so a new token means a new lookup.
 */
const KEY = 'bot_username';

export async function findCachedBotUsername(db: Executor): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row?.value;
}

export async function saveCachedBotUsername(db: Executor, value: string, now: Date): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: KEY, value, updated_at: now })
    .onDuplicateKeyUpdate({ value, updated_at: now })
    .execute();
}
