/**
 * One simulated run, steppable: `step(n)` replays up to n requests, `result()` summarises. The
 * engine wraps it with yields and cancel; tests and sweeps drive it synchronously.
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
import { NamespaceKeys } from './namespace-keys';

export class SimRun {
  readonly sim: Simulation;
  readonly workload: Workload;
  readonly latency = new LatencyHistogram();
  private readonly snapshots: SnapshotTaker;
  private finished = false;
  private readonly kinds: ReadonlyArray<string>;
  private readonly opNamespaces: Int32Array;

  constructor(readonly plan: RunPlan, private readonly sink?: RunSink) {
    const rng = new Rng(plan.seed);
    const windowLatency = new LatencyHistogram();
    const workload = new Workload(plan, rng.fork('workload'));
    const keys = new NamespaceKeys(plan.namespaces);
    const cache = createCache({
      keyCapacity: keys.totalKeys,
      maxmemoryBytes: plan.server.maxmemoryBytes,
      policy: plan.server.policy,
      maxmemorySamples: plan.server.maxmemorySamples,
      lfuLogFactor: plan.server.lfuLogFactor,
      lfuDecayTimeMin: plan.server.lfuDecayTimeMin,
      hz: plan.server.hz,
      activeExpireEffort: plan.server.activeExpireEffort,
      clusterMode: plan.server.clusterMode,
      groups: keys.groups,
      groupCount: plan.namespaces.length,
    }, rng.fork('redis'));
    const sim = new Simulation(plan, keys, cache, rng.fork('client'), this.latency, windowLatency);
    this.sim = sim;
    this.workload = workload;
    this.snapshots = new SnapshotTaker(sim, windowLatency, plan.snapshotIntervalMs);
    this.kinds = plan.operations.map((op) => op.kind);
    this.opNamespaces = Int32Array.from(plan.operations, (op) => op.namespaceIndex);
  }

  get done(): boolean {
    return this.finished;
  }

  /** Replays up to `maxRequests` more requests; returns false once the plan is complete. */
  step(maxRequests: number): boolean {
    if (this.finished) return false;
    const { sim, workload, snapshots } = this;
    const kinds = this.kinds;
    const namespaces = this.opNamespaces;
    for (let i = 0; i < maxRequests; i++) {
      if (!workload.next()) {
        this.finish();
        return false;
      }
      const nowMs = workload.timeMs;
      while (nowMs >= snapshots.nextAtMs) this.emit(snapshots.nextAtMs);
      sim.drainEvents(nowMs);
      sim.cache.advance(nowMs);
      const op = workload.operation;
      const kind = kinds[op];
      if (kind === 'read' || kind === 'list') sim.read(nowMs, namespaces[op], workload.keyId);
      else if (kind === 'write') sim.write(nowMs, namespaces[op], workload.keyId);
      else sim.invalidate(nowMs, workload.keyId);
      sim.requests++;
    }
    return true;
  }

  progress(): RunProgress {
    const phase = this.workload.plan.phases[Math.min(this.workload.phaseIndex, this.workload.plan.phases.length - 1)];
    return { done: this.workload.produced, total: this.workload.total, phase: phase?.name ?? '', tMs: this.workload.timeMs };
  }

  /** The result so far; `partial` marks a run stopped before its plan was done. */
  result(partial: boolean): RunResult {
    const endMs = this.finished ? Math.max(this.workload.endMs, this.workload.timeMs) : this.workload.timeMs;
    return buildResult(this.plan, this.sim, this.latency, this.snapshots.series, endMs, partial, DEPARTURES);
  }

  private finish(): void {
    const endMs = Math.max(this.workload.endMs, this.workload.timeMs);
    // Loads still in flight complete (cache time never goes backwards); then the last window closes.
    this.sim.drainEvents(Number.POSITIVE_INFINITY);
    if (endMs > this.sim.lastEventMs) this.sim.cache.advance(endMs);
    while (endMs >= this.snapshots.nextAtMs) this.emit(this.snapshots.nextAtMs);
    if (this.snapshots.series.length === 0 || this.snapshots.series[this.snapshots.series.length - 1].tMs < endMs) this.emit(endMs);
    this.finished = true;
  }

  private emit(tMs: number): void {
    const snapshot = this.snapshots.take(tMs);
    this.sink?.snapshot(snapshot);
  }
}
