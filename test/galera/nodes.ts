import { sql } from 'kysely';
import { createDatabase, type Db } from '../../src/db/connection.js';

/** The migrated database on each node of the cluster that test/galera/run.ts started. */
export function nodeUrls(): string[] {
  const urls = JSON.parse(process.env.GALERA_NODES ?? '[]') as string[];
  if (urls.length < 2)
    throw new Error('Run the Galera suite with npm run test:galera: GALERA_NODES is not set.');
  return urls;
}

export function poolsOnNodes(connectionLimit: number): Db[] {
  return nodeUrls().map((url) => createDatabase(url, { connectionLimit }));
}

/**
 * Waits until every node has applied what the cluster committed so far (a causal read): Galera replicates
 * synchronously but applies asynchronously, so a row written on node 1 may not be readable on node 2 yet.
 */
export async function catchUp(dbs: readonly Db[]): Promise<void> {
  await Promise.all(
    dbs.map((db) =>
      db.connection().execute(async (conn) => {
        await sql`set session wsrep_sync_wait = 1`.execute(conn);
        await sql`select 1`.execute(conn);
        await sql`set session wsrep_sync_wait = 0`.execute(conn);
      }),
    ),
  );
}
