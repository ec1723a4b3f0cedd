/**
 * One simulated run, steppable: `step(n)` replays up to n requests, `result()` summarises. The
 * engine wraps it with yields and cancel; tests and sweeps drive it synchronously. Requests come
 * from a source — the plan's generated workload, or a recorded trace.
 */
import { createCache, DEPARTURES } from '../cache';
import { PUBSUB_DEPARTURES, PubsubSimulation } from '../pubsub';
import { LatencyHistogram } from '../metrics';
import { Rng } from '../traffic';
import type { RunPlan } from './plan';
import { cacheConfigOf } from './plan';
import type { RunProgress, RunResult, RunSink } from './result';
import { buildResult } from './build-result';
import { Simulation } from './simulation';
import { KeyRecords } from './key-records';
import { SnapshotTaker } from './snapshots';
import { Workload } from './workload';
import type { RequestSource } from './workload';
import { keyGroupsOf, NamespaceKeys } from './namespace-keys';
import { RATE_LIMIT_DEPARTURES, RateLimitSimulation } from '../ratelimit/simulation';
import type { KeyLayout } from './namespace-keys';
import { FailurePort, FailureRun, failureMetrics, FAILURE_DEPARTURES } from './failures';
import { ModelPort } from './cache-aside';
import { HashFieldPort } from './cache-aside/hash-field-port';

export interface SimRunOptions {
  sink?: RunSink;
  /** Key ids → namespaces and key lengths; default: the plan's layout. */
  layout?: KeyLayout;
  /** Where requests come from; default: the plan's generated workload. */
  source?: RequestSource;
  /** The share of the design's keys the layout holds when it is a spatial sample (policy-curve.ts); default 1. */
  keyShare?: number;
}

/**
 * Every PREFETCH_BATCH requests, the step loop reads ahead the records of the keys the source
 * already knows: the engine's per-key records of the requests 2–3 batches ahead, and the cache
 * records of those 1–2 batches ahead (whose slots the previous round brought in). JavaScript has
 * no prefetch instruction and a read that misses the CPU caches blocks the core once its
 * reorder window fills, so one miss per request costs a full memory latency each; a batch of
 * independent reads issued back to back costs about one.
 */
const PREFETCH_BATCH = 8;

/** How often (virtual ms) the pub/sub model catches up with the cache clock. */
const PUBSUB_STEP_MS = 100;

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
  readonly pubsub: PubsubSimulation | null;
  private nextPubsubMs = 0;
  /** The design's rate limiters, on the same cache (generated workloads only: a trace has no clients). */
  readonly rateLimits: RateLimitSimulation | null;
  /** The cache side's failure timeline (generated workloads only); null without one: no per-request work. */
  readonly failures: FailureRun | null;
  /** Hash-field expiration (namespaces with fieldTtl, redis-7.4); null without: no per-request work. */
  readonly hashFields: HashFieldPort | null;

  constructor(readonly plan: RunPlan, options: SimRunOptions | RunSink = {}) {
    const { sink, layout, source, keyShare } = 'snapshot' in options ? { sink: options, layout: undefined, source: undefined, keyShare: undefined } : options;
    this.sink = sink;
    const rng = new Rng(plan.seed);
    const windowLatency = new LatencyHistogram({ significantDigits: 2 });
    const keys = layout ?? new NamespaceKeys(keyGroupsOf(plan));
    this.source = source ?? new Workload(plan, rng.fork('workload'));
    // One record per key id, shared by the client and the cache (a streamed trace's grow; see keysAdded).
    const records = new KeyRecords(keys);
    const cache = createCache({ ...cacheConfigOf(plan, records.table), activeExpireShare: keyShare }, rng.fork('redis'));
    const failing = plan.failures?.events.length && !layout && !source ? new FailurePort(new ModelPort(cache, keys), records.capacity) : undefined;
    this.hashFields = plan.namespaces.some((ns) => ns.fieldTtl) && !layout && !source
      ? new HashFieldPort(failing ?? new ModelPort(cache, keys), cache, keys, plan, rng.fork('field-ttl')) : null;
    this.sim = new Simulation(plan, keys, records, cache, rng.fork('client'), this.latency, windowLatency, this.hashFields ?? failing);
    this.failures = failing && plan.failures ? new FailureRun(plan.failures, this.sim, failing) : null;
    this.pubsub = plan.pubsub ? new PubsubSimulation(plan.pubsub) : null;
    this.rateLimits = plan.rateLimits && !layout && !source
      ? new RateLimitSimulation(plan.rateLimits, cache, rng.fork('rate-limits'), sharesIntegers(plan)) : null;
    this.snapshots = new SnapshotTaker(this.sim, windowLatency, plan.snapshotIntervalMs, this.pubsub, this.rateLimits);
    this.sim.prewarm(0);
    this.kinds = Uint8Array.from(plan.operations, (op) => (op.kind === 'write' ? WRITE : op.kind === 'invalidate' ? INVALIDATE : READ));
  }

  /** After the layout met new keys (a streamed trace): per-key state grows to cover them. */
  keysAdded(): void {
    this.sim.keysAdded();
  }

  get done(): boolean {
    return this.finished;
  }

  /** Replays up to `maxRequests` more requests; returns false once the plan is complete. */
  step(maxRequests: number): boolean {
    if (this.finished) return false;
    const { sim, source, snapshots, kinds, failures } = this;
    for (let i = 0; i < maxRequests; i++) {
      if (!source.next()) {
        this.finish();
        return false;
      }
      if ((source.produced & (PREFETCH_BATCH - 1)) === 0) this.prefetch();
      const nowMs = source.timeMs;
      if (nowMs >= this.nextPubsubMs && this.pubsub) this.advancePubsub(nowMs);
      while (nowMs >= snapshots.nextAtMs) this.emit(snapshots.nextAtMs);
      if (failures !== null && nowMs >= failures.nextMs) failures.advanceTo(nowMs);
      sim.drainEvents(nowMs);
      const id = source.keyId;
      if (this.rateLimits && !this.rateLimits.admit(nowMs)) {
        // Refused (429): the request never reaches the cache.
        sim.requests++;
        continue;
      }
      if (source.valueBytesHint >= 0) sim.setValueBytes(id, source.valueBytesHint);
      const kind = kinds[source.operation];
      if (kind === READ && failures !== null && failures.intercepts(nowMs, sim.namespaceOf(id), id, source.produced)) {
        sim.requests++;
        continue;
      }
      if (kind === READ) sim.read(nowMs, sim.namespaceOf(id), id);
      else if (kind === WRITE) sim.write(nowMs, sim.namespaceOf(id), id);
      else sim.invalidate(nowMs, id);
      sim.requests++;
    }
    return true;
  }

  /** See PREFETCH_BATCH. */
  private prefetch(): void {
    const { sim, source } = this;
    for (let ahead = 2 * PREFETCH_BATCH; ahead < 3 * PREFETCH_BATCH; ahead++) {
      const id = source.peekKeyId(ahead);
      if (id < 0) break;
      sim.prefetch(id);
    }
    const cache = sim.cache;
    for (let ahead = PREFETCH_BATCH; ahead < 2 * PREFETCH_BATCH; ahead++) {
      const id = source.peekKeyId(ahead);
      if (id < 0) break;
      cache.prefetch(id);
    }
  }

  progress(): RunProgress {
    return { done: this.source.produced, total: this.source.total, phase: this.source.phaseName, tMs: this.source.timeMs };
  }

  /** The result so far; `partial` marks a run stopped before its plan was done. */
  result(partial: boolean): RunResult {
    const endMs = this.finished ? Math.max(this.source.endMs, this.source.timeMs) : this.source.timeMs;
    const departures = this.pubsub ? [...DEPARTURES, ...PUBSUB_DEPARTURES] : DEPARTURES;
    const result = buildResult(this.plan, this.sim, this.latency, this.snapshots.series, endMs, partial, departures);
    if (this.hashFields) result.cache.fieldsExpired = this.hashFields.expiry.stats.fieldsExpired;
    if (this.pubsub && this.plan.pubsub) {
      // After the cache traffic ends, in-flight messages drain (the plan bounds how long).
      if (this.finished) while (!this.pubsub.done) this.pubsub.advanceTo(this.pubsub.tMs + 1000);
      result.pubsub = this.pubsub.result();
      result.warnings.push(...this.plan.pubsub.warnings);
    }
    if (this.plan.failures) {
      result.failures = failureMetrics(this.plan.failures, this.failures, result);
      result.warnings.push(...this.plan.failures.warnings);
      if (!this.failures && this.plan.failures.events.length > 0) result.warnings.push('failures: the timeline runs on generated traffic only; this replay ignored it');
      result.departures.push(...FAILURE_DEPARTURES);
    }
    if (this.rateLimits) {
      result.rateLimits = this.rateLimits.result(endMs);
      result.departures.push(...RATE_LIMIT_DEPARTURES);
    }
    return result;
  }

  /** Pub/sub catches up; its output buffers count toward Redis memory, as client buffers do. */
  private advancePubsub(nowMs: number): void {
    const pubsub = this.pubsub;
    if (!pubsub) return;
    pubsub.advanceTo(nowMs);
    this.sim.cache.setOverheadMemoryBytes(pubsub.outputBufferBytes());
    this.nextPubsubMs = nowMs + PUBSUB_STEP_MS;
  }

  private finish(): void {
    const endMs = Math.max(this.source.endMs, this.source.timeMs);
    this.advancePubsub(endMs);
    this.failures?.finish(endMs);
    // Loads still in flight complete (cache time never goes backwards); then the last window closes.
    this.sim.drainEvents(Number.POSITIVE_INFINITY);
    if (endMs > this.sim.lastEventMs) (this.hashFields ?? this.sim.cache).advance(endMs);
    while (endMs >= this.snapshots.nextAtMs) this.emit(this.snapshots.nextAtMs);
    const series = this.snapshots.series;
    if (series.length === 0 || series[series.length - 1].tMs < endMs) this.emit(endMs);
    this.finished = true;
  }

  private emit(tMs: number): void {
    const snapshot = this.snapshots.take(tMs);
    if (this.failures) snapshot.redisErrors = this.failures.errors;
    this.sink?.snapshot(snapshot);
  }
}

/** Redis shares integer objects below 10 000 unless maxmemory is set with an LRU or LFU policy. */
function sharesIntegers(plan: RunPlan): boolean {
  const policy = plan.server.policy;
  return plan.server.maxmemoryBytes === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}
