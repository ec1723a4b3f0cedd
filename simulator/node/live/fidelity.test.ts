import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../run';
import { managedServerPids } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { chooseScale } from '../../run';
import { compareResults, formatFidelity, runFidelity, serverProfileWarning, type FidelityReport } from './fidelity';
import { presetPlan, smallPlan } from './test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

/**
 * The eviction shoot-out, shrunk to fit a test: 2 × 20 000 keys of 1 KB (a 54 MB working set)
 * in 8 MB, 200 000 requests, replayed 10× faster (5 s live per policy). The same proportions as
 * the preset; the full preset is run by hand (see the report in the pull request).
 */
const SHRUNK = [
  { path: 'namespaces.articles.cardinality', value: 20_000 },
  { path: 'namespaces.assets.cardinality', value: 20_000 },
  { path: 'server.maxmemory', value: '8mb' },
  { path: 'traffic.phases.0.duration', value: '50s' },
];

// One policy of each eviction algorithm: sampled LRU, LFU, random, TTL order, and none at all
// (every key of the preset has a TTL, so the volatile-* twins behave as their allkeys-* ones).
const POLICIES = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-ttl', 'noeviction'];

describe('keyspace fidelity on the eviction shoot-out', () => {
  const reports = new Map<string, FidelityReport>();

  it.each(POLICIES)('meets every target with %s', async (policy) => {
    const plan = presetPlan('eviction-shootout.yaml', [{ path: 'server.maxmemoryPolicy', value: policy }, ...SHRUNK]);
    const report = await runFidelity(plan, { targetSeconds: 5 });
    reports.set(policy, report);
    expect(report.live.error).toBeUndefined();
    expect(report.live.partial).toBe(false);
    expect(report.scale).toBe(10);
    expect(report.live.requests).toBe(report.sim.requests);
    // Debian's 7.0.15 is what the default server.version models: no warning.
    expect(report.live.live.serverProfile).toBe('redis-7.0');
    expect(report.notes.filter((note) => note.includes('server.version'))).toEqual([]);
    const missed = Object.entries(report.diff).filter(([, m]) => !m.met);
    expect(missed, formatFidelity(report)).toEqual([]);
    expect(Math.abs(report.diff.hitRatio.delta)).toBeLessThanOrEqual(0.005);
    if (policy === 'noeviction') {
      expect(report.diff.oomRejections.sim).toBeGreaterThan(10_000);
      expect(Math.abs(report.diff.oomRejections.relative ?? Infinity)).toBeLessThan(0.02);
    } else {
      expect(report.diff.evictedKeys.sim).toBeGreaterThan(50_000);
    }
  }, 60_000);

  it('prints the side-by-side table with the differences and the notes', () => {
    const report = reports.get('allkeys-lru');
    if (!report) return;
    const text = formatFidelity(report);
    expect(text).toMatch(/^Fidelity: Eviction policy shootout — simulator vs redis-server 7\./);
    expect(text).toMatch(/plan sped up 10× for both engines/);
    expect(text).toMatch(/hit ratio\s+\d+\.\d\d %\s+\d+\.\d\d %\s+([+−]\d\.\d\d pp|0)\s+±0\.5 pp\s+met/);
    // An exact match prints its difference as a plain 0.
    expect(text).toMatch(/evicted keys\s+[\d,]+\s+[\d,]+\s+([+−]\d+\.\d\d %|0)\s+±2 %\s+met/);
    expect(text).toMatch(/Memory besides keys: the simulator took the [\d.]+ MB the live server held before the first request/);
    // Per namespace, from the live run's keyspace notifications.
    expect(text).toMatch(/per namespace \(reported; not among the targets\)\narticles: evicted keys\s+[\d,]+\s+[\d,]+\s+([+−][\d.]+ %|0)\s+±2 %\s+(within|outside)\nassets: evicted keys/);
    expect(report.namespaces.map((ns) => ns.evictedKeys.live).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.99 * report.live.cache.evictedKeys);
    expect(JSON.parse(JSON.stringify({ sim: report.sim, live: report.live, diff: report.diff }))).toHaveProperty('diff.hitRatio.met', true);
  });
});

describe('fidelity bookkeeping', () => {
  it('warns when the live server is not the version the design models', () => {
    const plan = smallPlan();
    const on72 = { ...plan, server: { ...plan.server, version: 'redis-7.2' as const } };
    const debian = { serverName: 'redis', serverVersion: '7.0.15', serverProfile: 'redis-7.0' };
    expect(serverProfileWarning(plan, debian)).toBeNull();
    expect(serverProfileWarning(on72, debian)).toMatch(/models redis-7\.2 .* live server is redis 7\.0\.15, modelled by profile redis-7\.0: set server\.version: redis-7\.0/);
    expect(serverProfileWarning(plan, { serverName: 'redis', serverVersion: '6.2.14' })).toMatch(/redis 6\.2\.14, which no profile models/);
    expect(serverProfileWarning(plan, { serverVersion: '' })).toBeNull();
  });

  it('compresses a long plan to about the target length without outpacing the client', () => {
    const plan = presetPlan('eviction-shootout.yaml');
    expect(chooseScale(plan, 20, 60_000)).toBe(12.5);
    expect(chooseScale(plan, 5, 20_000)).toBe(5);
    expect(chooseScale(smallPlan({ duration: '2s', rate: '1000/s' }), 20)).toBe(1);
    expect(chooseScale(smallPlan({ duration: '2s', rate: '100000/s' }), 20, 50_000)).toBe(0.5);
  });

  it('compares with the targets: 0.5 pp of hit ratio, 2 % of keys (or one key), 3 % of memory', () => {
    const result = (hitRatio: number, evictedKeys: number, expiredKeys: number, usedMemoryBytes: number) =>
      ({ cache: { hitRatio, evictedKeys, expiredKeys, usedMemoryBytes, staleReads: 0, oomRejections: 0, keys: 0 } }) as unknown as RunResult;
    const ok = compareResults(result(0.7, 1000, 1, 1_000_000), result(0.704, 1019, 2, 1_029_000));
    expect(Object.values(ok).every((m) => m.met)).toBe(true);
    expect(ok.hitRatio.delta).toBeCloseTo(0.004);
    expect(ok.evictedKeys.relative).toBeCloseTo(0.019);
    const bad = compareResults(result(0.7, 1000, 100, 1_000_000), result(0.706, 1030, 103, 1_031_000));
    expect(Object.fromEntries(Object.entries(bad).map(([name, m]) => [name, m.met]))).toEqual({
      hitRatio: false, evictedKeys: false, expiredKeys: false, usedMemoryBytes: false, staleReads: true, oomRejections: true, keys: true,
    });
  });

  it('refuses exact-lru, the simulator\'s reference that no Redis runs', async () => {
    await expect(runFidelity(smallPlan({ policy: 'exact-lru', maxmemory: '1mb' }))).rejects.toThrow(/no Redis counterpart/);
  });
});
