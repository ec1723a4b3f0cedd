/** Summarises a simulation into the RunResult contract. */
import type { LatencyHistogram } from '../metrics';
import type { RunPlan } from './plan';
import type { RunResult, Snapshot } from './result';
import { RUN_RESULT_VERSION } from './result';
import type { Simulation } from './simulation';
import { ratio } from './snapshots';
import { clientWarnings, latencyMetrics, namespaceMetrics, networkMetrics, originMetrics } from './client-result';
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
  // A cache model without groups counts nothing per namespace.
  const none = new Float64Array(groups ? 0 : plan.namespaces.length);
  const namespaces = namespaceMetrics(plan, sim, groups?.hits ?? none, groups?.misses ?? none, groups
    ? { evicted: groups.evicted, expired: groups.expired, memoryBytes: groups.memoryBytes, keys: groups.keys } : null);
  const peakMemoryBytes = series.reduce((peak, s) => Math.max(peak, s.usedMemoryBytes), stats.usedMemoryBytes);
  const peakQps = series.reduce((peak, s) => Math.max(peak, s.originQueriesPerSec), 0);
  const warnings = clientWarnings(plan, sim, stats.oomRejections, plan.server.policy);
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
    latency: latencyMetrics(latency),
    origin: originMetrics(plan, sim, durationSec, peakQps),
    network: networkMetrics(sim, durationSec),
    namespaces,
    series,
    departures: [...departures],
    warnings,
  };
}
