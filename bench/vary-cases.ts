/**
 * `vary-4-policies`: `keyspace run --vary` of 4 maxmemory policies on the eviction shoot-out,
 * whole CLI processes, `--jobs 1` (one after the other) and `--jobs 2` (two worker threads)
 * interleaved in one run, so both see the same machine load. The two write the same JSON (checked
 * here on every round). Peak RSS in the table is the bench process's, not the CLI's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './cases';

const ROUNDS = 3;
const POLICIES = 'allkeys-lru,allkeys-lfu,allkeys-random,volatile-ttl';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall seconds of one whole `keyspace run --vary … --jobs N`, and the JSON it wrote. */
function timed(jobs: number, out: string): { seconds: number; json: string } {
  const args = ['bin/keyspace.mjs', 'run', 'presets/eviction-shootout.yaml', '--ignore-targets', '--quiet', '--vary', `server.maxmemoryPolicy=${POLICIES}`, '--jobs', String(jobs), '--json', out];
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { seconds: (performance.now() - start) / 1000, json: readFileSync(out, 'utf8') };
}

export async function varyCase(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'keyspace-bench-vary-'));
  const loadBefore = loadavg()[0];
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  try {
    // A first, untimed run builds the CLI's and the worker's bundles if they are stale.
    timed(2, join(dir, 'warm.json'));
    for (let round = 0; round < ROUNDS; round++) {
      const sequential = timed(1, join(dir, 'jobs1.json'));
      const parallel = timed(2, join(dir, 'jobs2.json'));
      if (parallel.json !== sequential.json) throw new Error('--jobs 2 wrote a different JSON from --jobs 1');
      times[1].push(sequential.seconds);
      times[2].push(parallel.seconds);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const one = median(times[1]);
  const two = median(times[2]);
  return [{
    case: `vary-4-policies: keyspace run --vary of 4 policies (eviction shoot-out), whole processes, --jobs 1 vs --jobs 2 interleaved, median of ${ROUNDS}`,
    metrics: {
      '--jobs 1 wall (s)': one,
      '--jobs 2 wall (s)': two,
      'speed-up (jobs 1 / jobs 2)': one / two,
      '--jobs 1 walls (s)': times[1].map((t) => t.toFixed(2)).join(' '),
      '--jobs 2 walls (s)': times[2].map((t) => t.toFixed(2)).join(' '),
      'load average before / after': `${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)}`,
    },
  }];
}
