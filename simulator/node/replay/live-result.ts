/** The RunResult of a live replay (engine 'live'). */
import type { LatencyHistogram } from '../../metrics';
import type { RunPlan, RunResult, Snapshot } from '../../run';
import { RUN_RESULT_VERSION } from '../../run';
import type { InfoSample } from '../live';

/** What a live replay counted, client side, and what INFO said at the end. */
export interface LiveCounts {
  plan: RunPlan;
  info: InfoSample;
  partial: boolean;
  durationMs: number;
  latency: LatencyHistogram;
  series: Snapshot[];
  warnings: string[];
  departures: string[];
  hits: Float64Array;
  misses: Float64Array;
  writes: Float64Array;
  oom: Float64Array;
  requests: number;
  sets: number;
  deletes: number;
  bytesToRedis: number;
  bytesFromRedis: number;
}

export function liveResult(c: LiveCounts): RunResult {
  const { plan, info, partial, durationMs } = c;
  const hits = sum(c.hits);
  const misses = sum(c.misses);
  const durationSec = Math.max(1, durationMs) / 1000;
  return {
    version: RUN_RESULT_VERSION,
    engine: 'live',
    design: { name: plan.designName, environment: plan.environment, seed: plan.seed },
    requests: c.requests,
    partial,
    durationMs,
    cache: {
      reads: hits + misses, hits, misses, hitRatio: ratio(hits, hits + misses),
      evictedKeys: info.evictedKeys, expiredKeys: info.expiredKeys, expiredLazy: 0, expiredActive: 0,
      usedMemoryBytes: info.usedMemory, peakMemoryBytes: info.usedMemoryPeak, maxmemoryBytes: plan.server.maxmemoryBytes,
      oomRejections: sum(c.oom), staleReads: 0, keys: info.keys, sets: c.sets, deletes: c.deletes,
    },
    latency: {
      p50Ms: c.latency.valueAtPercentile(50) / 1000,
      p95Ms: c.latency.valueAtPercentile(95) / 1000,
      p99Ms: c.latency.valueAtPercentile(99) / 1000,
      p999Ms: c.latency.valueAtPercentile(99.9) / 1000,
      meanMs: c.latency.mean / 1000,
      maxMs: c.latency.max / 1000,
      histogram: c.latency.toBuckets().map((b) => ({ upToMs: b.upToUs / 1000, count: b.count })),
    },
    origin: { queries: 0, queriesPerSecMean: 0, queriesPerSecPeak: 0, peakConcurrency: 0, maxConcurrency: plan.origin.maxConcurrency, queuedMs: 0, duplicateLoads: 0 },
    network: { bytesToRedis: c.bytesToRedis, bytesFromRedis: c.bytesFromRedis, bitsPerSec: ((c.bytesToRedis + c.bytesFromRedis) * 8) / durationSec },
    namespaces: plan.namespaces.map((ns, n) => ({
      name: ns.name, reads: c.hits[n] + c.misses[n], hits: c.hits[n], misses: c.misses[n],
      hitRatio: ratio(c.hits[n], c.hits[n] + c.misses[n]), evictedKeys: 0, expiredKeys: 0, usedMemoryBytes: 0,
      oomRejections: c.oom[n], staleReads: 0, keys: 0, writes: c.writes[n], originQueries: 0, ttlMs: ns.ttlMs,
    })),
    series: c.series,
    departures: c.departures,
    warnings: c.warnings,
  };
}

export function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
