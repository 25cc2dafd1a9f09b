import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'mysql2/promise';
import { createDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { ensureBuilt, ROOT } from '../support/build.js';
import { type GaleraCluster, startGaleraCluster } from './cluster.js';

/**
 * `npm run test:galera`: starts a three-node Galera cluster on loopback ports, migrates a database on it, runs
 * the Galera suite (test/galera/*.test.ts) against it with the node URLs in GALERA_NODES, and stops every node
 * and removes its folders at the end, whatever happened.
 */

const DATABASE = 'shop';
let cluster: GaleraCluster | undefined;

async function stopCluster(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  await running?.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the cluster`);
    void stopCluster().finally(() => process.exit(1));
  });
}

async function run(): Promise<number> {
  const started = Date.now();
  await ensureBuilt();
  cluster = await startGaleraCluster();
  console.log(`Galera: ${cluster.nodes.length} nodes synced in ${cluster.formedInSeconds.toFixed(1)} s`);
  const [first] = cluster.nodes;
  if (!first) throw new Error('the cluster has no nodes');
  const admin = await createConnection({ uri: first.url });
  await admin.query(`create database ${DATABASE} character set utf8mb4 collate utf8mb4_unicode_ci`);
  await admin.end();
  const urls = cluster.nodes.map((node) => `${node.url}${DATABASE}`);
  const db = createDatabase(urls[0] as string);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const vitest = spawn('npx', ['vitest', 'run', '--config', 'test/galera/vitest.config.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, GALERA_NODES: JSON.stringify(urls) },
  });
  const [code] = (await once(vitest, 'exit')) as [number | null];
  console.log(`test:galera took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return code ?? 1;
}

run()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  )
  .finally(stopCluster);
