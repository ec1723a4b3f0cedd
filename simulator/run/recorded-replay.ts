/**
 * Replaying recorded commands (`keyspace replay`): each record is applied as it was — a GET looks
 * the key up (a miss loads nothing), a SET stores the recorded size with the recorded TTL, DEL
 * deletes, EXPIRE sets a TTL — at its recorded time (virtual time: the simulator's result is the
 * same at any replay speed). With `cacheAside`, a GET that misses loads from the origin and SETs
 * the value with its namespace's TTL, as a plain key trace does. Keys take the namespace whose
 * pattern they match (else "(unmatched)"), for per-namespace metrics and cache-aside TTLs.
 *
 * What a record does is RecordedClient's (recorded-client.ts, the live replay's too), on the cache
 * model behind a RecordedModelPort; this file keeps the time, the snapshots and the result.
 * Records are fed in batches as a file is read, so a replay holds per-key state, not the trace.
 */
import { createCache, DEPARTURES } from '../cache';
import type { CacheModel } from '../cache';
import { LatencyHistogram } from '../metrics';
import type { RecordBatch } from '../trace';
import { Rng } from '../traffic';
import { buildResult } from './build-result';
import type { RecordedKeyLayout } from './recorded-keys';
import type { PlannedNamespace, RunPlan } from './plan';
import { cacheConfigOf } from './plan';
import type { RunProgress, RunResult, RunSink } from './result';
import { Simulation } from './simulation';
import { KeyRecords } from './key-records';
import { SnapshotTaker } from './snapshots';
import { UNMATCHED_NAMESPACE } from './trace-replay';
import { RecordedClient } from './recorded-client';
import { RecordedModelPort } from './recorded-port';


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
  /** What each record does (the live replay's too). */
  readonly client: RecordedClient;
  private produced = 0;
  private finished = false;

  constructor(readonly plan: RunPlan, readonly layout: RecordedKeyLayout, summary: RecordingSummary, options: RecordedRunOptions = {}) {
    const rng = new Rng(plan.seed);
    const records = new KeyRecords(layout);
    this.cache = createCache(cacheConfigOf(plan, records.table), rng.fork('redis'));
    const port = new RecordedModelPort(this.cache, layout);
    this.sim = new Simulation(plan, layout, records, this.cache, rng.fork('client'), this.latency, this.windowLatency, port);
    this.client = new RecordedClient(plan, layout, this.sim, port, options.cacheAside ?? false, summary.firstUs);
    this.snapshots = new SnapshotTaker(this.sim, this.windowLatency, plan.snapshotIntervalMs);
    this.sink = options.sink;
    this.total = summary.records;
    this.endMs = Math.max(0, (summary.lastUs - summary.firstUs) / 1000);
  }

  private get nowMs(): number {
    return this.client.nowMs;
  }

  private readonly sink: RunSink | undefined;
  readonly total: number;
  readonly endMs: number;

  get done(): boolean {
    return this.finished;
  }

  /** Applies the first `count` records of a batch, in order. */
  feed(batch: RecordBatch, count: number): void {
    const { sim, snapshots, client } = this;
    for (let i = 0; i < count; i++) {
      const now = client.planTime(batch.timeUs[i]);
      while (now >= snapshots.nextAtMs) this.emit(snapshots.nextAtMs);
      sim.drainEvents(now);
      client.apply(batch, i, now);
      this.produced++;
    }
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
    if (this.client.outOfOrder > 0) result.warnings.push(`${this.client.outOfOrder} records were out of time order; each was applied at the latest time seen`);
    return result;
  }

  private emit(tMs: number): void {
    const snapshot = this.snapshots.take(tMs);
    this.sink?.snapshot(snapshot);
  }
}
