import { defineConfig } from 'vitest/config';

/** The Galera suite: run by test/galera/run.ts, which starts the cluster and passes its nodes in GALERA_NODES. */
export default defineConfig({
  test: {
    include: ['test/galera/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // The files share one cluster and database; one at a time keeps each file's figures its own.
    fileParallelism: false,
    pool: 'forks',
  },
});
