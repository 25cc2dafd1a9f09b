import { type Executor, writeStatement } from '../db/transaction.js';

/**
 * Key-value storage for conversation state (the bot's sessions) in `bot_sessions`: JSON text per key. It has
 * the shape of grammY's StorageAdapter without depending on grammY, so the bot passes it to `session()` as is.
 * Being in MariaDB, a half-filled checkout form survives a restart and is shared by several bot processes.
 * grammY writes back every session a handler looked at; a value that still serialises to the text it was read
 * from is not written again, which spares most updates a statement.
 */
export function createSessionStore<T>(db: Executor) {
  const readAs = new WeakMap<object, string>();
  return {
    async read(key: string): Promise<T | undefined> {
      const row = await db
        .selectFrom('bot_sessions')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      const value = JSON.parse(row.value) as T;
      if (typeof value === 'object' && value !== null) readAs.set(value, row.value);
      return value;
    },

    async write(key: string, value: T): Promise<void> {
      const text = JSON.stringify(value);
      const isObject = typeof value === 'object' && value !== null;
      if (isObject && readAs.get(value) === text) return;
      const now = new Date();
      await writeStatement(db, (db) =>
        db
          .insertInto('bot_sessions')
          .values({ key, value: text, updated_at: now })
          .onDuplicateKeyUpdate({ value: text, updated_at: now })
          .execute(),
      );
      if (isObject) readAs.set(value, text);
    },

    async delete(key: string): Promise<void> {
      await writeStatement(db, (db) => db.deleteFrom('bot_sessions').where('key', '=', key).execute());
    },
  };
}
