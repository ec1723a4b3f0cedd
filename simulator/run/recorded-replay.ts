/**
 * Replaying recorded commands (`keyspace replay`): each record is applied as it was — a GET looks
 * the key up (a miss loads nothing), a SET stores the recorded size with the recorded TTL, DEL
 * deletes, EXPIRE sets a TTL — at its recorded time (virtual time: the simulator's result is the
 * same at any replay speed). With `cacheAside`, a GET that misses loads from the origin and SETs
 * the value with its namespace's TTL, as a plain key trace does. Keys take the namespace whose
 * pattern they match (else "(unmatched)"), for per-namespace metrics and cache-aside TTLs.
 *
 * Records are fed in batches as a file is read, so a replay holds per-key state, not the trace.
 */
import { createCache, DEPARTURES } from '../cache';
import type { CacheModel } from '../cache';
import { LatencyHistogram } from '../metrics';
import { ALL_DBS, OP_DELETE, OP_EXPIRE, OP_FLUSH, OP_READ, OP_WRITE, TTL_KEEP } from '../trace';
import type { RecordBatch } from '../trace';
import { distMean, Rng } from '../traffic';
import { buildResult } from './build-result';
import type { RecordedKeyLayout } from './recorded-keys';
import type { PlannedNamespace, RunPlan } from './plan';
import { cacheConfigOf } from './plan';
import type { RunProgress, RunResult, RunSink } from './result';
import { Simulation } from './simulation';
import { KeyRecords } from './key-records';
import { SnapshotTaker } from './snapshots';
import { UNMATCHED_NAMESPACE } from './trace-replay';
import { REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES } from './cache-aside';


/** Where a recorded replay departs from Redis, on top of the cache model's departures. */
export const RECORDED_REPLAY_DEPARTURES: readonly string[] = [
  'Recorded replay: commands on hashes, lists, sets and sorted sets are strings to the model (a read is a lookup, a write stores the last size known); SET NX/XX and EXPIRE NX/XX/GT/LT conditions are ignored; EXPIRE and PERSIST re-store the key (touching its LRU/LFU field).',
];

/** What the replay needs to know of a recording before it starts (a first pass over the file). */
export interface RecordingSummary {
  records: number;
  firstUs: number;
  lastUs: number;
}

/** The plan a recording replays under: the design's namespaces plus "(unmatched)", no rules or prewarm. */
export function recordedPlan(plan: RunPlan, layout: RecordedKeyLayout, summary: RecordingSummary): RunPlan {
  const first = plan.namespaces[0];
  const namespaces: PlannedNamespace[] = [
    ...plan.namespaces.map((ns) => ({ ...ns, prewarm: false, cardinality: layout.keysPerNamespace[ns.index] })),
    { ...first, prewarm: false, index: plan.namespaces.length, name: UNMATCHED_NAMESPACE, pattern: '*', cardinality: layout.keysPerNamespace[plan.namespaces.length] },
  ];
  const durationMs = Math.max(1, (summary.lastUs - summary.firstUs) / 1000);
  return {
    ...plan,
    requestBudget: summary.records,
    namespaces,
    operations: [{ namespaceIndex: 0, kind: 'read', weight: 1 }],
    rules: [],
    phases: [{ name: 'recorded', startMs: 0, durationMs, shape: { kind: 'steady', ratePerSec: (summary.records * 1000) / durationMs }, expectedRequests: summary.records }],
    snapshotIntervalMs: Math.max(10, Math.ceil(durationMs / 300)),
  };
}

export interface RecordedRunOptions {
  /** A recorded GET that misses loads from the origin and SETs with the namespace's TTL. */
  cacheAside?: boolean;
  sink?: RunSink;
}

/** A replay of recorded commands, fed batch by batch (see the file comment). */
export class RecordedRun {
  readonly sim: Simulation;
  readonly latency = new LatencyHistogram();
  private readonly windowLatency = new LatencyHistogram({ significantDigits: 2 });
  private readonly cache: CacheModel;
  private readonly snapshots: SnapshotTaker;
  private readonly sizes: Int32Array;
  /** Expiry time (virtual ms) of each key as this replay set it; 0 = none. */
  private readonly expiresAtMs: Float64Array;
  private readonly defaultSizes: Int32Array;
  private readonly cacheAside: boolean;
  private readonly rttMs: number;
  private readonly originUs: number;
  private nowMs = 0;
  private produced = 0;
  private finished = false;
  /** Records whose time went backwards, applied at the latest time seen. */
  outOfOrder = 0;

  constructor(readonly plan: RunPlan, readonly layout: RecordedKeyLayout, summary: RecordingSummary, options: RecordedRunOptions = {}) {
    const rng = new Rng(plan.seed);
    const records = new KeyRecords(layout);
    this.cache = createCache(cacheConfigOf(plan, records.table), rng.fork('redis'));
    this.sim = new Simulation(plan, layout, records, this.cache, rng.fork('client'), this.latency, this.windowLatency);
    this.snapshots = new SnapshotTaker(this.sim, this.windowLatency, plan.snapshotIntervalMs);
    this.sink = options.sink;
    this.cacheAside = options.cacheAside ?? false;
    this.rttMs = plan.client.rttMs;
    this.originUs = summary.firstUs;
    this.total = summary.records;
    this.endMs = Math.max(0, (summary.lastUs - summary.firstUs) / 1000);
    this.sizes = new Int32Array(layout.totalKeys);
    this.expiresAtMs = new Float64Array(layout.totalKeys);
    this.defaultSizes = Int32Array.from(plan.namespaces, (ns) => Math.max(1, Math.round(distMean(ns.valueBytes))));
  }

  private readonly sink: RunSink | undefined;
  readonly total: number;
  readonly endMs: number;

  get done(): boolean {
    return this.finished;
  }

  /** Applies the first `count` records of a batch, in order. */
  feed(batch: RecordBatch, count: number): void {
    const { sim, snapshots } = this;
    for (let i = 0; i < count; i++) {
      let now = (batch.timeUs[i] - this.originUs) / 1000;
      if (now < this.nowMs) {
        if (now < this.nowMs - 1e-6) this.outOfOrder++;
        now = this.nowMs;
      }
      this.nowMs = now;
      while (now >= snapshots.nextAtMs) this.emit(snapshots.nextAtMs);
      sim.drainEvents(now);
      this.apply(batch, i, now);
      sim.requests++;
      this.produced++;
    }
  }

  private apply(batch: RecordBatch, i: number, now: number): void {
    const id = batch.keyId[i];
    const op = batch.op[i];
    if (op === OP_FLUSH) return this.flush(now, batch.db[i]);
    if (id < 0) return;
    const { sim, cache } = this;
    const keyBytes = this.layout.keyBytes(id);
    const ns = this.layout.namespaceOf(id);
    const valueBytes = batch.valueBytes[i];
    if (valueBytes > 0 && op !== OP_WRITE) {
      sim.setValueBytes(id, valueBytes);
      if (this.sizes[id] === 0) this.sizes[id] = valueBytes;
    }
    switch (op) {
      case OP_READ: {
        if (this.cacheAside) {
          sim.read(now, ns, id);
        } else {
          sim.bytesToRedis += keyBytes + REQUEST_OVERHEAD_BYTES;
          const hit = cache.get(id, now);
          sim.bytesFromRedis += (hit ? this.sizeOf(id, ns) : 0) + REPLY_OVERHEAD_BYTES;
          this.record(this.rttMs);
        }
        const ttlMs = batch.ttlMs[i];
        if (ttlMs !== TTL_KEEP && ttlMs >= 0) this.expire(now, id, ns, ttlMs);
        break;
      }
      case OP_WRITE: {
        const size = valueBytes >= 0 ? Math.max(1, valueBytes) : this.sizeOf(id, ns);
        this.sizes[id] = size;
        sim.setValueBytes(id, size);
        let ttlMs = batch.ttlMs[i];
        if (ttlMs === TTL_KEEP) ttlMs = this.remainingTtlMs(id, now);
        this.store(now, id, ns, keyBytes, size, ttlMs);
        sim.writes[ns]++;
        this.record(this.rttMs);
        break;
      }
      case OP_DELETE:
        this.del(now, id, keyBytes);
        this.record(this.rttMs);
        break;
      case OP_EXPIRE:
        this.expire(now, id, ns, batch.ttlMs[i]);
        this.record(this.rttMs);
        break;
    }
  }

  /** EXPIRE (ttl > 0) or PERSIST (0) on a live key: stored again with the new TTL. */
  private expire(now: number, id: number, ns: number, ttlMs: number): void {
    if (!this.cache.has(id, now)) return;
    this.store(now, id, ns, this.layout.keyBytes(id), this.sizeOf(id, ns), ttlMs);
  }

  private store(now: number, id: number, ns: number, keyBytes: number, size: number, ttlMs: number): void {
    const sim = this.sim;
    sim.bytesToRedis += keyBytes + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
    sim.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    sim.sets++;
    if (this.cache.set(id, keyBytes, size, ttlMs, now)) {
      this.expiresAtMs[id] = ttlMs > 0 ? now + ttlMs : 0;
    } else {
      sim.oomRejections[ns]++;
    }
  }

  private del(now: number, id: number, keyBytes: number): void {
    const sim = this.sim;
    sim.bytesToRedis += keyBytes + REQUEST_OVERHEAD_BYTES;
    sim.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    sim.deletes++;
    this.cache.del(id, now);
    this.expiresAtMs[id] = 0;
  }

  /** FLUSHDB (one db) or FLUSHALL: deletes every live key of the recording in it. */
  private flush(now: number, db: number): void {
    for (let id = 0; id < this.layout.totalKeys; id++) {
      if ((db === ALL_DBS || this.layout.dbOf(id) === db) && this.cache.has(id, now)) this.del(now, id, this.layout.keyBytes(id));
    }
    this.record(this.rttMs);
  }

  /** A write that keeps the TTL: what is left of it when the key is live, else none. */
  private remainingTtlMs(id: number, now: number): number {
    const at = this.expiresAtMs[id];
    if (at <= 0 || !this.cache.has(id, now)) return 0;
    return Math.max(1, at - now);
  }

  private sizeOf(id: number, ns: number): number {
    const size = this.sizes[id];
    return size > 0 ? size : this.defaultSizes[ns];
  }

  private record(latencyMs: number): void {
    const us = Math.round(latencyMs * 1000);
    this.latency.record(us);
    this.windowLatency.record(us);
  }

  /** Completes the replay: loads in flight land, the last snapshot window closes. */
  finish(): void {
    if (this.finished) return;
    const endMs = Math.max(this.endMs, this.nowMs);
    this.sim.drainEvents(Number.POSITIVE_INFINITY);
    if (endMs > this.sim.lastEventMs) this.cache.advance(endMs);
    while (endMs >= this.snapshots.nextAtMs) this.emit(this.snapshots.nextAtMs);
    const series = this.snapshots.series;
    if (series.length === 0 || series[series.length - 1].tMs < endMs) this.emit(endMs);
    this.finished = true;
  }

  progress(): RunProgress {
    return { done: this.produced, total: this.total, phase: 'recorded', tMs: this.nowMs };
  }

  /** The result so far; `partial` marks a replay stopped before the end of the recording. */
  result(partial: boolean): RunResult {
    const endMs = this.finished ? Math.max(this.endMs, this.nowMs) : this.nowMs;
    const result = buildResult(this.plan, this.sim, this.latency, this.snapshots.series, endMs, partial, [...DEPARTURES, ...RECORDED_REPLAY_DEPARTURES]);
    if (this.outOfOrder > 0) result.warnings.push(`${this.outOfOrder} records were out of time order; each was applied at the latest time seen`);
    return result;
  }

  private emit(tMs: number): void {
    const snapshot = this.snapshots.take(tMs);
    this.sink?.snapshot(snapshot);
  }
}
