import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Needs a cluster of its own: npm run test:galera.
    exclude: [...configDefaults.exclude, 'test/galera/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: two workers keep the database busy without starving it.
    maxWorkers: 2,
    pool: 'forks',
  },
});
