import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['simulator/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // maxWorkers is vitest's default: availableParallelism - 1, i.e. ONE fork on CI's 2 cores. Two
    // forks ran cluster-node-loss + stalled-server in 64.6 s instead of 77.1 s (loaded machine), but
    // the pacing-sensitive live files (curve/memory fidelity, speed: lag p99 <= 2 s) would then share
    // the CPU with another live file; not changed until they can run in a group of their own.
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Live runs journal CONFIG in the per-user data dir; tests (a server killed mid-run leaves an
    // entry, as it should) keep theirs out of the developer's own.
    env: { KEYSPACE_DATA_DIR: join(tmpdir(), `keyspace-test-data-${process.pid}`) },
  },
});
