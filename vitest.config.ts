import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['simulator/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Live runs journal CONFIG in the per-user data dir; tests (a server killed mid-run leaves an
    // entry, as it should) keep theirs out of the developer's own.
    env: { KEYSPACE_DATA_DIR: join(tmpdir(), `keyspace-test-data-${process.pid}`) },
  },
});
