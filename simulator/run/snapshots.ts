/**
 * Turns the simulation's running counters into snapshots at a fixed virtual-time cadence: each
 * snapshot holds the window's hit ratio and latency percentiles plus the cumulative counters.
 */
import type { LatencyHistogram } from '../metrics';
import type { Snapshot } from './result';
import type { Simulation } from './simulation';
import type { PubsubSimulation } from '../pubsub';
import type { RateLimitSimulation } from '../ratelimit/simulation';

export class SnapshotTaker {
  private lastHits = 0;
  private lastMisses = 0;
  private lastOriginQueries = 0;
  private lastTMs = 0;
  private readonly lastNamespaceHits: Float64Array;
  private readonly lastNamespaceMisses: Float64Array;
  readonly series: Snapshot[] = [];
  nextAtMs: number;

  constructor(
    private readonly sim: Simulation,
    private readonly windowLatency: LatencyHistogram,
    readonly intervalMs: number,
    private readonly pubsub: PubsubSimulation | null = null,
    private readonly rateLimits: RateLimitSimulation | null = null,
  ) {
    const n = sim.plan.namespaces.length;
    this.lastNamespaceHits = new Float64Array(n);
    this.lastNamespaceMisses = new Float64Array(n);
    this.nextAtMs = intervalMs;
  }

  /** Takes the snapshot of the window ending at `tMs`. */
  take(tMs: number): Snapshot {
    const { sim } = this;
    sim.flushLatency();
    const stats = sim.cache.stats;
    const hits = stats.hits - this.lastHits;
    const misses = stats.misses - this.lastMisses;
    const originQueries = sim.origin.queries - this.lastOriginQueries;
    const windowMs = Math.max(1e-9, tMs - this.lastTMs);
    const groups = stats.groups;
    const namespaceHitRatio = sim.plan.namespaces.map((ns) => {
      if (!groups) return 0;
      const h = groups.hits[ns.index] - this.lastNamespaceHits[ns.index];
      const m = groups.misses[ns.index] - this.lastNamespaceMisses[ns.index];
      this.lastNamespaceHits[ns.index] = groups.hits[ns.index];
      this.lastNamespaceMisses[ns.index] = groups.misses[ns.index];
      return ratio(h, h + m);
    });
    let staleReads = 0;
    for (const value of sim.staleReads) staleReads += value;
    const snapshot: Snapshot = {
      tMs,
      requests: sim.requests,
      hitRatio: ratio(hits, hits + misses),
      cumulativeHitRatio: ratio(stats.hits, stats.hits + stats.misses),
      hits: stats.hits,
      misses: stats.misses,
      evictedKeys: stats.evicted,
      expiredKeys: stats.expiredLazy + stats.expiredActive,
      usedMemoryBytes: stats.usedMemoryBytes,
      keys: stats.keys,
      staleReads,
      oomRejections: stats.oomRejections,
      originQueriesPerSec: (originQueries * 1000) / windowMs,
      originConcurrency: sim.origin.runningAt(tMs),
      p50Ms: this.windowLatency.valueAtPercentile(50) / 1000,
      p95Ms: this.windowLatency.valueAtPercentile(95) / 1000,
      p99Ms: this.windowLatency.valueAtPercentile(99) / 1000,
      namespaceHitRatio,
    };
    if (this.pubsub) snapshot.pubsub = this.pubsub.snapshot(tMs);
    if (this.rateLimits) snapshot.rateLimits = this.rateLimits.snapshot();
    this.lastHits = stats.hits;
    this.lastMisses = stats.misses;
    this.lastOriginQueries = sim.origin.queries;
    this.lastTMs = tMs;
    this.windowLatency.reset();
    this.series.push(snapshot);
    this.nextAtMs = tMs + this.intervalMs;
    return snapshot;
  }
}

export function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
