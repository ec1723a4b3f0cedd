/**
 * The server's truth: INFO sampled on the control connection every snapshot interval (hits,
 * misses, evictions, expiries, memory, carried across restarts by InfoTotals) and the snapshots
 * it makes with the client's own counters.
 */
import type { LatencyHistogram } from '../../metrics';
import type { RunPlan, Snapshot } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import { withDeadline } from '../redis';
import type { InfoSample } from './info';
import { InfoTotals } from './info';
import type { LiveRunContext } from './live-types';
import { US_PER_MS } from './live-types';
import type { Sequencer } from './sequencer';
import { ratio, sum } from '../../run/client-result';

export class ServerTruth {
  readonly totals: InfoTotals;
  latestInfo: InfoSample;
  infoSamples = 0;
  peakMemory = 0;
  clientMemorySum = 0;
  nextSnapshotAtMs: number;
  readonly series: Snapshot[] = [];
  private readonly intervalMs: number;
  private busy = false;
  private last = { tMs: 0, hits: 0, misses: 0, originQueries: 0 };

  constructor(private readonly ctx: LiveRunContext, private readonly client: CacheAsideClient, private readonly sequencer: Sequencer,
    private readonly windowLatency: LatencyHistogram) {
    this.totals = new InfoTotals(ctx.firstInfo);
    this.latestInfo = ctx.firstInfo;
    this.intervalMs = ctx.speed === 'max' ? 250 : Math.max(20, ctx.plan.snapshotIntervalMs);
    this.nextSnapshotAtMs = this.intervalMs;
  }

  private get plan(): RunPlan {
    return this.ctx.plan;
  }

  /** Samples INFO (one at a time) and emits a snapshot at `now` when it comes, unless `finishing()`. */
  request(now: number, finishing: () => boolean): void {
    while (this.nextSnapshotAtMs <= now) this.nextSnapshotAtMs += this.intervalMs;
    if (this.busy) return;
    this.busy = true;
    this.ctx.sampleInfo().then((sample) => {
      this.take(sample);
    }, () => {
      // The control connection is down too: the snapshot repeats the last server counters.
    }).finally(() => {
      this.busy = false;
      if (!finishing()) this.emit(now);
    });
  }

  private take(sample: InfoSample): void {
    this.totals.update(sample);
    this.latestInfo = sample;
    this.infoSamples++;
    this.clientMemorySum += sample.memClientsNormal;
    if (sample.usedMemory > this.peakMemory) this.peakMemory = sample.usedMemory;
  }

  /** Final server counters: one more INFO (bounded), or the last good one. */
  async finalSample(timeoutMs: number): Promise<boolean> {
    try {
      this.take(await withDeadline(this.ctx.sampleInfo(), timeoutMs, `The final INFO on ${this.ctx.describe}`));
      return true;
    } catch {
      return false;
    }
  }

  /** The snapshot at `tMs`: INFO's counters as last sampled, the client's as they are. */
  emit(tMs: number): void {
    const { client, sequencer } = this;
    client.flushLatency();
    const totals = this.totals.totals();
    const hits = totals.keyspaceHits;
    const misses = totals.keyspaceMisses;
    const windowHits = hits - this.last.hits;
    const windowMisses = misses - this.last.misses;
    const originQueries = client.origin.queries;
    const windowMs = Math.max(1e-9, tMs - this.last.tMs);
    const namespaceHitRatio = this.plan.namespaces.map((ns) => {
      const h = sequencer.windowHits[ns.index];
      const m = sequencer.windowMisses[ns.index];
      sequencer.windowHits[ns.index] = 0;
      sequencer.windowMisses[ns.index] = 0;
      return ratio(h, h + m);
    });
    const snapshot: Snapshot = {
      tMs,
      requests: client.requests,
      hitRatio: ratio(windowHits, windowHits + windowMisses),
      cumulativeHitRatio: ratio(hits, hits + misses),
      hits,
      misses,
      evictedKeys: totals.evictedKeys,
      expiredKeys: totals.expiredKeys,
      usedMemoryBytes: this.latestInfo.usedMemory,
      keys: this.latestInfo.keys,
      staleReads: sum(client.staleReads),
      oomRejections: sum(client.oomRejections),
      originQueriesPerSec: ((originQueries - this.last.originQueries) * 1000) / windowMs,
      originConcurrency: client.origin.runningAt(Math.max(tMs, 0)),
      p50Ms: this.windowLatency.valueAtPercentile(50) / US_PER_MS,
      p95Ms: this.windowLatency.valueAtPercentile(95) / US_PER_MS,
      p99Ms: this.windowLatency.valueAtPercentile(99) / US_PER_MS,
      namespaceHitRatio,
    };
    this.windowLatency.reset();
    this.last = { tMs, hits, misses, originQueries };
    this.series.push(snapshot);
    this.ctx.sink.snapshot(snapshot);
  }
}
