/** Summarises a simulation into the RunResult contract. */
import type { LatencyHistogram } from '../metrics';
import type { RunPlan } from './plan';
import type { NamespaceMetrics, RunResult, Snapshot } from './result';
import { RUN_RESULT_VERSION } from './result';
import type { Simulation } from './simulation';
import { ratio } from './snapshots';
import { nonKeyMemoryOf } from './server-memory';

export function buildResult(
  plan: RunPlan, sim: Simulation, latency: LatencyHistogram, series: Snapshot[], endMs: number, partial: boolean, departures: ReadonlyArray<string>,
): RunResult {
  sim.flushLatency();
  const stats = sim.cache.stats;
  const groups = stats.groups;
  const durationSec = Math.max(endMs, 1) / 1000;
  let staleReads = 0;
  for (const value of sim.staleReads) staleReads += value;
  const namespaces = plan.namespaces.map((ns): NamespaceMetrics => {
    const i = ns.index;
    const hits = groups ? groups.hits[i] : 0;
    const misses = groups ? groups.misses[i] : 0;
    return {
      name: ns.name,
      reads: hits + misses,
      hits,
      misses,
      hitRatio: ratio(hits, hits + misses),
      evictedKeys: groups ? groups.evicted[i] : 0,
      expiredKeys: groups ? groups.expired[i] : 0,
      usedMemoryBytes: groups ? groups.memoryBytes[i] : 0,
      oomRejections: sim.oomRejections[i],
      staleReads: sim.staleReads[i],
      keys: groups ? groups.keys[i] : 0,
      writes: sim.writes[i],
      originQueries: sim.originQueries[i],
      ttlMs: ns.ttlMs,
    };
  });
  const peakMemoryBytes = series.reduce((peak, s) => Math.max(peak, s.usedMemoryBytes), stats.usedMemoryBytes);
  const peakQps = series.reduce((peak, s) => Math.max(peak, s.originQueriesPerSec), 0);
  const warnings: string[] = [];
  if (stats.oomRejections > 0) warnings.push(`${stats.oomRejections} writes were refused with OOM (policy ${plan.server.policy})`);
  if (sim.duplicateLoads > 0) warnings.push(`${sim.duplicateLoads} origin loads duplicated a load already in flight (thundering herd); client.singleFlight coalesces them`);
  if (sim.origin.queuedMs > 0) warnings.push(`origin queries waited ${(sim.origin.queuedMs / 1000).toFixed(1)} s in all for a free connection (maxConcurrency ${plan.origin.maxConcurrency})`);
  return {
    version: RUN_RESULT_VERSION,
    engine: 'sim',
    design: { name: plan.designName, environment: plan.environment, seed: plan.seed },
    requests: sim.requests,
    partial,
    durationMs: endMs,
    cache: {
      reads: stats.hits + stats.misses,
      hits: stats.hits,
      misses: stats.misses,
      hitRatio: ratio(stats.hits, stats.hits + stats.misses),
      evictedKeys: stats.evicted,
      expiredKeys: stats.expiredLazy + stats.expiredActive,
      expiredLazy: stats.expiredLazy,
      expiredActive: stats.expiredActive,
      usedMemoryBytes: stats.usedMemoryBytes,
      peakMemoryBytes,
      maxmemoryBytes: plan.server.maxmemoryBytes,
      oomRejections: stats.oomRejections,
      staleReads,
      keys: stats.keys,
      sets: sim.sets,
      deletes: sim.deletes,
      nonKeyMemory: nonKeyMemoryOf(plan),
    },
    latency: {
      p50Ms: latency.valueAtPercentile(50) / 1000,
      p95Ms: latency.valueAtPercentile(95) / 1000,
      p99Ms: latency.valueAtPercentile(99) / 1000,
      p999Ms: latency.valueAtPercentile(99.9) / 1000,
      meanMs: latency.mean / 1000,
      maxMs: latency.max / 1000,
      histogram: latency.toBuckets().map((b) => ({ upToMs: b.upToUs / 1000, count: b.count })),
    },
    origin: {
      queries: sim.origin.queries,
      queriesPerSecMean: sim.origin.queries / durationSec,
      queriesPerSecPeak: peakQps,
      peakConcurrency: sim.origin.peakConcurrency,
      maxConcurrency: plan.origin.maxConcurrency,
      queuedMs: sim.origin.queuedMs,
      duplicateLoads: sim.duplicateLoads,
    },
    network: {
      bytesToRedis: sim.bytesToRedis,
      bytesFromRedis: sim.bytesFromRedis,
      bitsPerSec: ((sim.bytesToRedis + sim.bytesFromRedis) * 8) / durationSec,
    },
    namespaces,
    series,
    departures: [...departures],
    warnings,
  };
}
