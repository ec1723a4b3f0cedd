/**
 * `npm run fidelity:curve` (not in `npm test`: ~1 min of live runs): the miss-ratio curve of a
 * design big enough that the curve samples its keys (200 000 keys, 40 % sampled) against Debian's
 * redis-server run at three sizes of the curve — each within 0.5 pp. The small-key check of every
 * CI run (simulator/node/live/curve-fidelity.test.ts) simulates every key; this one checks the
 * sampled path: the key sample, the scaled maxmemory and the control variate.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appCurve, policyCurve } from '../simulator/run';
import { managedServerPids } from '../simulator/node/redis';
import { leftoverServerProcesses } from '../simulator/node/redis/test-support';
import { formatFidelity, runFidelity } from '../simulator/node/live/fidelity';
import { devPlan, MAX_LAG_P99_MS } from '../simulator/node/live/test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

/** volatile-lru over 200 000 small keys that all expire (2 min ± 10 %), zipf reads, writes that delete. */
const DESIGN = `version: 1
name: sampled curve against redis-server
namespaces:
  - name: items
    pattern: "item:{id}"
    cardinality: 200000
    valueSize: 64b
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: c
    readWrite: "95/5"
ttlMatrix:
  c: { dev: { ttl: 2m, jitter: 10% }, staging: { ttl: 2m }, prod: { ttl: 2m } }
invalidation:
  - { on: items, action: delete }
server: { maxmemory: 64mb, maxmemoryPolicy: volatile-lru }
origin: { latency: 1ms, maxConcurrency: 200 }
client: { rtt: 200us }
traffic:
  seed: 11
  phases:
    - { shape: steady, rate: 5000/s, duration: 30s }
  operations:
    - { namespace: items, weight: 1 }
`;

describe('the sampled miss-ratio curve against redis-server', () => {
  it('samples the keys, and is within 0.5 pp of a real redis-server run at three sizes', async () => {
    const plan = devPlan(DESIGN);
    const curve = policyCurve(plan, { pointCount: 6 });
    expect(curve.sampleRate).toBeLessThan(1);
    // The app's curve samples too (its work cap), and is held to the same check below.
    const app = appCurve(plan, null, 6);
    expect(app.sampleRate).toBeLessThan(1);
    const rows: string[] = [`sample rate ${curve.sampleRate.toFixed(3)} (${curve.sampledKeys} keys); the app's ${app.sampleRate.toFixed(3)}`];
    for (const index of [0, 2, 4]) {
      const point = curve.points[index];
      expect(app.points[index].maxmemoryBytes).toBe(point.maxmemoryBytes);
      const sized = { ...plan, server: { ...plan.server, maxmemoryBytes: point.maxmemoryBytes } };
      let report = await runFidelity(sized, { scale: 1, live: { pipelineDepth: 32 } });
      // A client starved of CPU (a shared machine) stretches the live timeline: run it once more.
      if (report.live.live.pacing.lagP99Ms > MAX_LAG_P99_MS) report = await runFidelity(sized, { scale: 1, live: { pipelineDepth: 32 } });
      const { live } = report;
      expect(live.error, formatFidelity(report)).toBeUndefined();
      expect(live.live.pacing.lagP99Ms, formatFidelity(report)).toBeLessThanOrEqual(MAX_LAG_P99_MS);
      const hit = live.cache.hitRatio;
      rows.push(`${(point.maxmemoryBytes / 1e6).toFixed(1)} MB: curve ${(100 * point.hitRatio).toFixed(2)} %, app's curve ${(100 * app.points[index].hitRatio).toFixed(2)} %, `
        + `simulation ${(100 * report.sim.cache.hitRatio).toFixed(2)} %, redis-server ${(100 * hit).toFixed(2)} % (evicted ${live.cache.evictedKeys})`);
      console.log(rows.at(-1));
      // Soft: every size is run and printed, and each one out of 0.5 pp fails the check.
      expect.soft(Math.abs(point.hitRatio - hit), rows.join('\n')).toBeLessThanOrEqual(0.005);
      expect.soft(Math.abs(app.points[index].hitRatio - hit), rows.join('\n')).toBeLessThanOrEqual(0.005);
    }
    console.log(rows.join('\n'));
    // The sizes span the curve: the hit ratio moves between them.
    expect(curve.points[4].hitRatio - curve.points[0].hitRatio, rows.join('\n')).toBeGreaterThan(0.05);
  });
});
