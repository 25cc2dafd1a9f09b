import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureEmbeddedMariaDb } from '../../src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Gives the run a temp folder of its own (TMPDIR for the test workers and everything they start), removed at the
 * end, and starts one throwaway MariaDB server for the whole run (unless TEST_DATABASE_URL names one); each test
 * file then creates its own database on it (see test-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'shop-test-run-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  const cleanUp = async () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await rm(runDir, { recursive: true, force: true });
  };
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return cleanUp;
  }
  const server = await ensureEmbeddedMariaDb({
    baseDir: join(runDir, 'mariadb'),
    // Durability is worthless for a throwaway server; speed is not.
    serverArgs: [
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      '--innodb-buffer-pool-size=256M',
      '--max-connections=500',
      '--skip-log-bin',
    ],
  });
  project.provide('databaseUrl', server.url);
  return async () => {
    await server.stop();
    await cleanUp();
  };
}
