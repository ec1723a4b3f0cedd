import { afterAll, describe, expect, it } from 'vitest';
import { policyCurve } from '../../run';
import { managedServerPids } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { formatFidelity, runFidelity } from './fidelity';
import { devPlan, MAX_LAG_P99_MS } from './test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

/** volatile-lru over keys that all expire (1 min ± 10 %), zipf reads with writes that delete. */
const DESIGN = `version: 1
name: curve against redis-server
namespaces:
  - name: items
    pattern: "item:{id}"
    cardinality: 24000
    valueSize: 2kb
    skew: { dist: zipf, alpha: 0.9 }
    dataClass: c
    readWrite: "95/5"
ttlMatrix:
  c: { dev: { ttl: 1m, jitter: 10% }, staging: { ttl: 1m }, prod: { ttl: 1m } }
invalidation:
  - { on: items, action: delete }
server: { maxmemory: 64mb, maxmemoryPolicy: volatile-lru }
origin: { latency: 1ms, maxConcurrency: 200 }
client: { rtt: 200us }
traffic:
  seed: 5
  phases:
    - { shape: steady, rate: 2500/s, duration: 16s }
  operations:
    - { namespace: items, weight: 1 }
`;


describe('the miss-ratio curve against redis-server', () => {
  it('is within 0.5 pp of a real redis-server run at three sizes', async () => {
    const plan = devPlan(DESIGN);
    const curve = policyCurve(plan, { pointCount: 6 });
    const rows: string[] = [];
    for (const point of [curve.points[0], curve.points[2], curve.points[4]]) {
      const sized = { ...plan, server: { ...plan.server, maxmemoryBytes: point.maxmemoryBytes } };
      let report = await runFidelity(sized, { scale: 1, live: { pipelineDepth: 16 } });
      // A client starved of CPU (a shared machine) stretches the live timeline: run it once more.
      if (report.live.live.pacing.lagP99Ms > MAX_LAG_P99_MS) report = await runFidelity(sized, { scale: 1, live: { pipelineDepth: 16 } });
      const { live } = report;
      expect(live.error, formatFidelity(report)).toBeUndefined();
      expect(live.live.pacing.lagP99Ms, formatFidelity(report)).toBeLessThanOrEqual(MAX_LAG_P99_MS);
      rows.push(`${(point.maxmemoryBytes / 1e6).toFixed(1)} MB: curve ${(100 * point.hitRatio).toFixed(2)} %, redis-server ${(100 * live.cache.hitRatio).toFixed(2)} % (evicted ${live.cache.evictedKeys})`);
      expect(Math.abs(point.hitRatio - live.cache.hitRatio), rows.join('\n')).toBeLessThanOrEqual(0.005);
    }
    // The sizes span the curve: the smallest evicts on the real server, and the hit ratio moves.
    expect(curve.points[4].hitRatio - curve.points[0].hitRatio, rows.join('\n')).toBeGreaterThan(0.05);
  }, 300_000);
});
