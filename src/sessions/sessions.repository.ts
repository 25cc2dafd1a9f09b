import type { Executor } from '../db/transaction.js';

/**
 * Key-value storage for conversation state (the bot's sessions) in `bot_sessions`: JSON text per key. It has
 * the shape of grammY's StorageAdapter without depending on grammY, so the bot passes it to `session()` as is.
 * Being in MariaDB, a half-filled checkout form survives a restart and is shared by several bot processes.
 */
export function createSessionStore<T>(db: Executor) {
  return {
    async read(key: string): Promise<T | undefined> {
      const row = await db
        .selectFrom('bot_sessions')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },

    async write(key: string, value: T): Promise<void> {
      const text = JSON.stringify(value);
      const now = new Date();
      await db
        .insertInto('bot_sessions')
        .values({ key, value: text, updated_at: now })
        .onDuplicateKeyUpdate({ value: text, updated_at: now })
        .execute();
    },

    async delete(key: string): Promise<void> {
      await db.deleteFrom('bot_sessions').where('key', '=', key).execute();
    },
  };
}
