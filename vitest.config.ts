import { defineConfig } from 'vitest/config';

/** The suites that run a second time with every test server on PostgreSQL (and those that need it). */
const POSTGRES_SUITES = ['test/api/**/*.test.ts', 'test/multi-node/**/*.test.ts', 'test/console/api.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/multi-node/**', '**/node_modules/**'],
        },
      },
      {
        // The same API integration suite against the PostgreSQL backend (test/support/database.ts).
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES_SUITES,
          env: { IAMFA_TEST_DATABASE: 'postgres' },
        },
      },
    ],
  },
});
