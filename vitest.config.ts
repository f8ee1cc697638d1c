import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,electron,pipeline,db,sandbox}/**/*.test.{ts,tsx}'],
    globalSetup: ['./db/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native stores (DuckDB, PostgreSQL) and crash tests spawn processes: two cores, two forks.
    pool: 'forks',
    maxWorkers: 2,
  },
});
