/**
 * One simulated run, steppable: `step(n)` replays up to n requests, `result()` summarises. The
 * engine wraps it with yields and cancel; tests and sweeps drive it synchronously. Requests come
 * from a source — the plan's generated workload, or a recorded trace.
 */
import { createCache, DEPARTURES } from '../cache';
import { LatencyHistogram } from '../metrics';
import { Rng } from '../traffic';
import type { RunPlan } from './plan';
import type { RunProgress, RunResult, RunSink } from './result';
import { buildResult } from './build-result';
import { Simulation } from './simulation';
import { SnapshotTaker } from './snapshots';
import { Workload } from './workload';
import type { RequestSource } from './workload';
import { NamespaceKeys } from './namespace-keys';
import type { KeyLayout } from './namespace-keys';

export interface SimRunOptions {
  sink?: RunSink;
  /** Key ids → namespaces and key lengths; default: the plan's layout. */
  layout?: KeyLayout;
  /** Where requests come from; default: the plan's generated workload. */
  source?: RequestSource;
}

const READ = 0;
const WRITE = 1;
const INVALIDATE = 2;

export class SimRun {
  readonly sim: Simulation;
  readonly source: RequestSource;
  readonly latency = new LatencyHistogram();
  private readonly snapshots: SnapshotTaker;
  private readonly sink: RunSink | undefined;
  private finished = false;
  private readonly kinds: Uint8Array;

  constructor(readonly plan: RunPlan, options: SimRunOptions | RunSink = {}) {
    const { sink, layout, source } = 'snapshot' in options ? { sink: options, layout: undefined, source: undefined } : options;
    this.sink = sink;
    const rng = new Rng(plan.seed);
    const windowLatency = new LatencyHistogram({ significantDigits: 2 });
    const keys = layout ?? new NamespaceKeys(plan.namespaces);
    this.source = source ?? new Workload(plan, rng.fork('workload'));
    const cache = createCache({
      keyCapacity: Math.max(1, keys.totalKeys),
      maxmemoryBytes: plan.server.maxmemoryBytes,
      policy: plan.server.policy,
      maxmemorySamples: plan.server.maxmemorySamples,
      lfuLogFactor: plan.server.lfuLogFactor,
      lfuDecayTimeMin: plan.server.lfuDecayTimeMin,
      hz: plan.server.hz,
      activeExpireEffort: plan.server.activeExpireEffort,
      clusterMode: plan.server.clusterMode,
      groups: keys.totalKeys > 0 ? keys.groups : undefined,
      groupCount: keys.totalKeys > 0 ? plan.namespaces.length : undefined,
    }, rng.fork('redis'));
    this.sim = new Simulation(plan, keys, cache, rng.fork('client'), this.latency, windowLatency);
    this.snapshots = new SnapshotTaker(this.sim, windowLatency, plan.snapshotIntervalMs);
    this.sim.prewarm(0);
    this.kinds = Uint8Array.from(plan.operations, (op) => (op.kind === 'write' ? WRITE : op.kind === 'invalidate' ? INVALIDATE : READ));
  }

  get done(): boolean {
    return this.finished;
  }

  /** Replays up to `maxRequests` more requests; returns false once the plan is complete. */
  step(maxRequests: number): boolean {
    if (this.finished) return false;
    const { sim, source, snapshots, kinds } = this;
    const keys = sim.keys;
    for (let i = 0; i < maxRequests; i++) {
      if (!source.next()) {
        this.finish();
        return false;
      }
      const nowMs = source.timeMs;
      while (nowMs >= snapshots.nextAtMs) this.emit(snapshots.nextAtMs);
      sim.drainEvents(nowMs);
      const id = source.keyId;
      if (source.valueBytesHint >= 0) sim.setValueBytes(id, source.valueBytesHint);
      const kind = kinds[source.operation];
      if (kind === READ) sim.read(nowMs, keys.namespaceOf(id), id);
      else if (kind === WRITE) sim.write(nowMs, keys.namespaceOf(id), id);
      else sim.invalidate(nowMs, id);
      sim.requests++;
    }
    return true;
  }

  progress(): RunProgress {
    return { done: this.source.produced, total: this.source.total, phase: this.source.phaseName, tMs: this.source.timeMs };
  }

  /** The result so far; `partial` marks a run stopped before its plan was done. */
  result(partial: boolean): RunResult {
    const endMs = this.finished ? Math.max(this.source.endMs, this.source.timeMs) : this.source.timeMs;
    return buildResult(this.plan, this.sim, this.latency, this.snapshots.series, endMs, partial, DEPARTURES);
  }

  private finish(): void {
    const endMs = Math.max(this.source.endMs, this.source.timeMs);
    // Loads still in flight complete (cache time never goes backwards); then the last window closes.
    this.sim.drainEvents(Number.POSITIVE_INFINITY);
    if (endMs > this.sim.lastEventMs) this.sim.cache.advance(endMs);
    while (endMs >= this.snapshots.nextAtMs) this.emit(this.snapshots.nextAtMs);
    const series = this.snapshots.series;
    if (series.length === 0 || series[series.length - 1].tMs < endMs) this.emit(endMs);
    this.finished = true;
  }

  private emit(tMs: number): void {
    const snapshot = this.snapshots.take(tMs);
    this.sink?.snapshot(snapshot);
  }
}
