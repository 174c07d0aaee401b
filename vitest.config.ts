import { defineConfig } from 'vitest/config';

// Four projects: unit (fast, no server), integration (HTTP against the built server with a temporary
// SQLite file), e2e (Chromium driving the same server) and pg (PostgreSQL: migrations and db:copy, on one
// throwaway cluster from Debian's postgresql package). `npm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      {
        // argon2 hashing and temporary databases in hooks, and a few tests that start the CLIs as processes
        // (a second each on a 2-core machine that runs the integration servers beside them): generous times.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', hookTimeout: 60_000, testTimeout: 30_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration-pg',
          include: ['tests/integration/**/*.test.ts'],
          // SQLite's own machinery (file locks, WAL backups, restore of a file, a size limit that fills the file)
          // has no PostgreSQL counterpart to test.
          exclude: ['tests/integration/hardening-db-lock.test.ts', 'tests/integration/ops-backup*.test.ts', 'tests/integration/ops-faults-db-full.test.ts'],
          globalSetup: ['tests/support/pg-cluster-setup.ts', 'tests/support/global-setup.ts'],
          // Only this project's workers put their test servers on PostgreSQL (tests/support/server.ts).
          env: { JISOU_TEST_BACKEND: 'pg' },
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'pg',
          include: ['tests/pg/**/*.test.ts'],
          globalSetup: ['tests/support/pg-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
