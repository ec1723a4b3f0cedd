/** The RunResult of a live recorded replay (engine 'live'): the clients' counters and INFO's. */
import type { LatencyHistogram } from '../../metrics';
import type { RunPlan, RunResult, Snapshot } from '../../run';
import { RUN_RESULT_VERSION } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import { latencyMetrics, namespaceMetrics, networkMetrics, originMetrics, ratio, sum } from '../../run/client-result';
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
    latency: latencyMetrics(c.latency),
    origin: originMetrics(plan, client, durationSec, 0),
    network: networkMetrics(client, durationSec),
    namespaces: namespaceMetrics(plan, client, c.hits, c.misses, null),
    series: c.series,
    departures: c.departures,
    warnings: c.warnings,
  };
}
