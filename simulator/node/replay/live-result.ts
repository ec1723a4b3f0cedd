/** The RunResult of a live recorded replay (engine 'live'): the clients' counters and INFO's. */
import type { LatencyHistogram } from '../../metrics';
import type { RunPlan, RunResult, Snapshot } from '../../run';
import { RUN_RESULT_VERSION } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
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
  /** Reads as replied, per namespace. */
  hits: Float64Array;
  misses: Float64Array;
  /** The cache-aside client: writes, OOM refusals, sets, deletes, bytes, requests, origin. */
  client: CacheAsideClient;
}

export function liveResult(c: LiveCounts): RunResult {
  const { plan, info, partial, durationMs, client } = c;
  client.flushLatency();
  const origin = client.origin;
  const hits = sum(c.hits);
  const misses = sum(c.misses);
  const durationSec = Math.max(1, durationMs) / 1000;
  return {
    version: RUN_RESULT_VERSION,
    engine: 'live',
    design: { name: plan.designName, environment: plan.environment, seed: plan.seed },
    requests: client.requests,
    partial,
    durationMs,
    cache: {
      reads: hits + misses, hits, misses, hitRatio: ratio(hits, hits + misses),
      evictedKeys: info.evictedKeys, expiredKeys: info.expiredKeys, expiredLazy: 0, expiredActive: 0,
      usedMemoryBytes: info.usedMemory, peakMemoryBytes: info.usedMemoryPeak, maxmemoryBytes: plan.server.maxmemoryBytes,
      oomRejections: sum(client.oomRejections), staleReads: 0, keys: info.keys, sets: client.sets, deletes: client.deletes,
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
    origin: {
      queries: origin.queries, queriesPerSecMean: origin.queries / durationSec, queriesPerSecPeak: 0, peakConcurrency: origin.peakConcurrency,
      maxConcurrency: plan.origin.maxConcurrency, queuedMs: origin.queuedMs, duplicateLoads: client.duplicateLoads,
    },
    network: { bytesToRedis: client.bytesToRedis, bytesFromRedis: client.bytesFromRedis, bitsPerSec: ((client.bytesToRedis + client.bytesFromRedis) * 8) / durationSec },
    namespaces: plan.namespaces.map((ns, n) => ({
      name: ns.name, reads: c.hits[n] + c.misses[n], hits: c.hits[n], misses: c.misses[n],
      hitRatio: ratio(c.hits[n], c.hits[n] + c.misses[n]), evictedKeys: 0, expiredKeys: 0, usedMemoryBytes: 0,
      oomRejections: client.oomRejections[n], staleReads: 0, keys: 0, writes: client.writes[n], originQueries: client.originQueries[n], ttlMs: ns.ttlMs,
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
