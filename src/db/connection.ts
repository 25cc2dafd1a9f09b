import { CompiledQuery, Kysely, MysqlDialect } from 'kysely';
import { createPool, type PoolOptions } from 'mysql2';
import { countedPool, recordPoolUsage } from './pool-usage.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Connections in the pool; the bot wants a few, a CLI call one or two. */
  connectionLimit?: number;
}

/**
 * Opens a pool for a mysql:// URL. Times are UTC on the wire and in the session; BOOLEAN reads as boolean.
 * Sessions use READ COMMITTED: every decision is taken on rows read under a lock, and it takes fewer gap locks.
 */
export function createDatabase(url: string, options: DatabaseOptions = {}): Db {
  const poolOptions: PoolOptions = {
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: options.connectionLimit ?? 10,
    timezone: 'Z',
    decimalNumbers: true,
    supportBigNumbers: true,
    charset: 'utf8mb4_unicode_ci',
    typeCast(field, next) {
      if (field.type === 'TINY' && field.length === 1) {
        const value = field.string();
        return value === null ? null : value === '1';
      }
      return next();
    },
  };
  const counted = countedPool(createPool(poolOptions), poolOptions.connectionLimit ?? 10);
  const db = new Kysely<Database>({
    dialect: new MysqlDialect({
      pool: counted.pool,
      async onCreateConnection(connection) {
        await connection.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
        await connection.executeQuery(
          CompiledQuery.raw('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'),
        );
      },
    }),
  });
  recordPoolUsage(db, counted.usage);
  return db;
}
