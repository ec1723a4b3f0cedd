/**
 * The parts of a RunResult that the cache-aside client counted, built one way for every engine —
 * the simulated run (build-result.ts), the live run (node/live/live-result.ts) and the live
 * recorded replay (node/replay/live-result.ts): latency, origin, network, per-namespace figures
 * and the warnings the client's counters call for. Each engine adds what only it knows (the
 * cache model's or INFO's figures, pacing, gaps).
 */
import type { LatencyHistogram } from '../metrics';
import type { CacheAsideClient } from './cache-aside';
import type { RunPlan } from './plan';
import type { LatencyMetrics, NamespaceMetrics, NetworkMetrics, OriginMetrics } from './schema';
import { ratio } from './snapshots';

export { ratio };

const US_PER_MS = 1000;

/** A latency histogram (µs) as the result reports it (ms). */
export function latencyMetrics(histogram: LatencyHistogram): LatencyMetrics {
  return {
    p50Ms: histogram.valueAtPercentile(50) / US_PER_MS,
    p95Ms: histogram.valueAtPercentile(95) / US_PER_MS,
    p99Ms: histogram.valueAtPercentile(99) / US_PER_MS,
    p999Ms: histogram.valueAtPercentile(99.9) / US_PER_MS,
    meanMs: histogram.mean / US_PER_MS,
    maxMs: histogram.max / US_PER_MS,
    histogram: histogram.toBuckets().map((b) => ({ upToMs: b.upToUs / US_PER_MS, count: b.count })),
  };
}

/** The origin section: the client's pool over `durationSec`, with the peak per-second rate the series saw. */
export function originMetrics(plan: RunPlan, client: CacheAsideClient, durationSec: number, queriesPerSecPeak: number): OriginMetrics {
  const origin = client.origin;
  return {
    queries: origin.queries,
    queriesPerSecMean: origin.queries / durationSec,
    queriesPerSecPeak,
    peakConcurrency: origin.peakConcurrency,
    maxConcurrency: plan.origin.maxConcurrency,
    queuedMs: origin.queuedMs,
    duplicateLoads: client.duplicateLoads,
  };
}

export function networkMetrics(client: CacheAsideClient, durationSec: number): NetworkMetrics {
  return {
    bytesToRedis: client.bytesToRedis,
    bytesFromRedis: client.bytesFromRedis,
    bitsPerSec: ((client.bytesToRedis + client.bytesFromRedis) * 8) / durationSec,
  };
}

/** What the server side knows per namespace (the cache model's groups); a live server reports none. */
export interface ServerNamespaceCounts {
  evicted: ArrayLike<number>;
  expired: ArrayLike<number>;
  memoryBytes: ArrayLike<number>;
  keys: ArrayLike<number>;
}

/** Per-namespace figures: reads as counted (`hits`, `misses`), the client's counters, the server's where known. */
export function namespaceMetrics(
  plan: RunPlan, client: CacheAsideClient, hits: ArrayLike<number>, misses: ArrayLike<number>, server: ServerNamespaceCounts | null,
): NamespaceMetrics[] {
  return plan.namespaces.map((ns, i): NamespaceMetrics => ({
    name: ns.name,
    reads: hits[i] + misses[i],
    hits: hits[i],
    misses: misses[i],
    hitRatio: ratio(hits[i], hits[i] + misses[i]),
    evictedKeys: server ? server.evicted[i] : 0,
    expiredKeys: server ? server.expired[i] : 0,
    usedMemoryBytes: server ? server.memoryBytes[i] : 0,
    oomRejections: client.oomRejections[i],
    staleReads: client.staleReads[i],
    keys: server ? server.keys[i] : 0,
    writes: client.writes[i],
    originQueries: client.originQueries[i],
    ttlMs: ns.ttlMs,
  }));
}

/** The warnings the client's counters call for: OOM refusals (with the server's message, when live), herds, origin queueing. */
export function clientWarnings(plan: RunPlan, client: CacheAsideClient, oomRejections: number, policy: string, oomDetail = ''): string[] {
  const warnings: string[] = [];
  if (oomRejections > 0) {
    const refused = `${oomRejections} writes were refused with OOM (policy ${policy})`;
    warnings.push(oomDetail ? `${refused}. ${oomDetail}` : refused);
  }
  if (client.duplicateLoads > 0) warnings.push(`${client.duplicateLoads} origin loads duplicated a load already in flight (thundering herd); client.singleFlight coalesces them`);
  if (client.origin.queuedMs > 0) warnings.push(`origin queries waited ${(client.origin.queuedMs / 1000).toFixed(1)} s in all for a free connection (maxConcurrency ${plan.origin.maxConcurrency})`);
  return warnings;
}

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
