/**
 * Each test runner records its counts here, so `npm test` can close with one line over every
 * suite (`node scripts/test-summary.mjs`). Skips are counted as skips, never as passes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const COUNTS_DIR = join(process.cwd(), 'artifacts', 'test-counts');

export function recordCounts(suite: string, counts: { passed: number; failed: number; skipped: number }): void {
  mkdirSync(COUNTS_DIR, { recursive: true });
  writeFileSync(join(COUNTS_DIR, `${suite}.json`), `${JSON.stringify(counts)}\n`);
}
