import type { MysqlPool } from 'kysely';
import type { Pool, PoolConnection } from 'mysql2';

/** How busy a database pool is, for /metrics: connections lent out, and callers waiting for one. */
export interface PoolUsage {
  limit: number;
  inUse: number;
  waiting: number;
}

const usageOf = new WeakMap<object, PoolUsage>();
const originalRelease = new WeakMap<PoolConnection, () => void>();

/**
 * Wraps a mysql2 pool so that lending and returning connections is counted; mysql2 keeps these numbers only in
 * private fields.
 */
export function countedPool(pool: Pool, limit: number): { pool: MysqlPool; usage: PoolUsage } {
  const usage: PoolUsage = { limit, inUse: 0, waiting: 0 };
  const counted: MysqlPool = {
    getConnection(callback) {
      usage.waiting += 1;
      pool.getConnection((error, connection: PoolConnection) => {
        usage.waiting -= 1;
        if (error) return callback(error, connection);
        usage.inUse += 1;
        // mysql2 lends the same connection objects again and again: wrap the original release, never a wrapper.
        const release = originalRelease.get(connection) ?? connection.release;
        originalRelease.set(connection, release);
        let returned = false;
        connection.release = () => {
          // Kysely releases once, but a double release must not drive the count below zero.
          if (!returned) usage.inUse -= 1;
          returned = true;
          release.call(connection);
        };
        callback(null, connection);
      });
    },
    end(callback) {
      pool.end(callback);
    },
  };
  return { pool: counted, usage };
}

/** Remembers the usage of the pool behind `db` (the Kysely instance), for poolUsage(db). */
export function recordPoolUsage(db: object, usage: PoolUsage): void {
  usageOf.set(db, usage);
}

export function poolUsage(db: object): PoolUsage | undefined {
  return usageOf.get(db);
}
