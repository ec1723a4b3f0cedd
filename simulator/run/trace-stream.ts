/**
 * A plain key trace replayed while it is still being read: batches of parsed requests arrive in
 * file order (from a parser on another thread), each with the keys it met first. The key layout
 * and the request source grow batch by batch; the requests, their times and the key ids (dense,
 * first-seen order) are the same as a fully parsed trace's, so the run is the same.
 */
import type { KeyLayout } from './namespace-keys';
import type { RunPlan } from './plan';
import { tracePlan } from './trace-replay';
import type { RequestSource } from './workload';

/** One parsed slice of a trace. */
export interface TraceBatch {
  /** Key ids of the requests, in order. */
  ids: Int32Array;
  /** Value sizes the lines gave (−1 where none), or null when no line of the batch gave one. */
  valueBytes: Int32Array | null;
  /** Groups (namespace indexes) of the keys first met in this batch: ids continue the keys so far. */
  newGroups: Uint16Array;
  /** Key lengths in bytes of the same new keys. */
  newKeyBytes: Int32Array;
  /** A sampled trace's: each request's index in the whole trace (its time), else absent. */
  positions?: Float64Array;
  /** A sampled trace's: which half of the sample (0 or 1) each new key falls in, else absent. */
  newHalves?: Uint8Array;
}

/** Keys of a trace met so far, grouped by namespace; the arrays double as keys arrive. */
export class StreamedTraceKeys implements KeyLayout {
  totalKeys = 0;
  /** Group of every key id, with spare room: its length is the capacity. */
  groups: Uint16Array;
  readonly keysPerNamespace: Int32Array;
  private lengths: Int32Array;

  constructor(groupCount: number, initialCapacity = 1024) {
    this.groups = new Uint16Array(initialCapacity);
    this.lengths = new Int32Array(initialCapacity);
    this.keysPerNamespace = new Int32Array(groupCount);
  }

  /** Appends new keys (the capacity, groups.length, doubles when they do not fit). */
  add(groups: Uint16Array, keyBytes: Int32Array): void {
    const total = this.totalKeys + groups.length;
    if (total > this.groups.length) {
      const capacity = Math.max(total, this.groups.length * 2);
      const nextGroups = new Uint16Array(capacity);
      nextGroups.set(this.groups);
      const nextLengths = new Int32Array(capacity);
      nextLengths.set(this.lengths);
      this.groups = nextGroups;
      this.lengths = nextLengths;
    }
    this.groups.set(groups, this.totalKeys);
    this.lengths.set(keyBytes, this.totalKeys);
    for (let i = 0; i < groups.length; i++) this.keysPerNamespace[groups[i]]++;
    this.totalKeys = total;
  }

  namespaceOf(id: number): number {
    return this.groups[id];
  }

  keyBytes(id: number): number {
    return this.lengths[id];
  }

  forEachKeyOf(namespace: number, visit: (id: number) => void): void {
    for (let id = 0; id < this.totalKeys; id++) if (this.groups[id] === namespace) visit(id);
  }
}

const NO_IDS = new Int32Array(0);

/**
 * Requests of batches queued as they arrive, one every 1/rate seconds. `next()` returns false
 * when the queue runs dry, so a driver steps the run by at most `buffered` requests until `end`.
 */
export class StreamedTraceSource implements RequestSource {
  timeMs = 0;
  readonly operation = 0;
  keyId = 0;
  valueBytesHint = -1;
  produced = 0;
  /** The expected request count until `end` gives the real one. */
  total: number;
  endMs: number;
  readonly phaseName = 'trace';
  /** Requests queued and not yet produced. */
  buffered = 0;
  ended = false;
  private readonly intervalMs: number;
  private readonly queue: TraceBatch[] = [];
  private head = 0;
  private ids: Int32Array = NO_IDS;
  private values: Int32Array | null = null;
  private positions: Float64Array | null = null;
  private index = 0;

  constructor(ratePerSec: number, expected: number) {
    this.intervalMs = 1000 / ratePerSec;
    this.total = expected;
    this.endMs = expected * this.intervalMs;
  }

  push(batch: TraceBatch): void {
    this.queue.push(batch);
    this.buffered += batch.ids.length;
  }

  /** No batch follows; `total` requests came in all. */
  end(total: number): void {
    this.ended = true;
    this.total = total;
    this.endMs = total * this.intervalMs;
  }

  next(): boolean {
    let i = this.index;
    if (i >= this.ids.length) {
      if (!this.nextBatch()) return false;
      i = 0;
    }
    const produced = this.produced;
    this.keyId = this.ids[i];
    this.valueBytesHint = this.values === null ? -1 : this.values[i];
    this.timeMs = (this.positions === null ? produced : this.positions[i]) * this.intervalMs;
    this.produced = produced + 1;
    this.index = i + 1;
    this.buffered--;
    return true;
  }

  /** Looks ahead within the current batch only. */
  peekKeyId(ahead: number): number {
    const i = this.index - 1 + ahead;
    return i < this.ids.length ? this.ids[i] : -1;
  }

  private nextBatch(): boolean {
    while (this.head < this.queue.length) {
      const batch = this.queue[this.head];
      this.queue[this.head++] = EMPTY_BATCH;
      if (this.head > 64) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (batch.ids.length === 0) continue;
      this.ids = batch.ids;
      this.values = batch.valueBytes;
      this.positions = batch.positions ?? null;
      this.index = 0;
      return true;
    }
    this.ids = NO_IDS;
    this.values = null;
    this.positions = null;
    this.index = 0;
    return false;
  }
}

const EMPTY_BATCH: TraceBatch = { ids: NO_IDS, valueBytes: null, newGroups: new Uint16Array(0), newKeyBytes: NO_IDS };

/** The snapshot interval a trace of `requests` requests runs under (tracePlan's). */
export function traceSnapshotIntervalMs(plan: RunPlan, requests: number): number {
  return tracePlan(plan, { keysPerNamespace: new Int32Array(plan.namespaces.length + 1) }, requests).snapshotIntervalMs;
}

/**
 * A sampled trace's batches split into the sample's two halves (by the keys' half), each with
 * dense ids of its own: replayed beside the whole sample, their hit ratios give the split-half
 * estimate of the sample's error.
 */
export class SampleHalves {
  private half = new Uint8Array(1024);
  private dense = new Int32Array(1024);
  private known = 0;
  private readonly counts = [0, 0];

  split(batch: TraceBatch): [TraceBatch, TraceBatch] {
    const added = batch.newGroups.length;
    if (this.known + added > this.half.length) {
      const capacity = Math.max(this.known + added, this.half.length * 2);
      const half = new Uint8Array(capacity); half.set(this.half); this.half = half;
      const dense = new Int32Array(capacity); dense.set(this.dense); this.dense = dense;
    }
    const newCounts = [0, 0];
    for (let j = 0; j < added; j++) {
      const h = batch.newHalves?.[j] ?? 0;
      this.half[this.known + j] = h;
      this.dense[this.known + j] = this.counts[h]++;
      newCounts[h]++;
    }
    const requestCounts = [0, 0];
    for (let i = 0; i < batch.ids.length; i++) requestCounts[this.half[batch.ids[i]]]++;
    const out = [0, 1].map((h): TraceBatch => ({
      ids: new Int32Array(requestCounts[h]),
      valueBytes: batch.valueBytes ? new Int32Array(requestCounts[h]) : null,
      newGroups: new Uint16Array(newCounts[h]),
      newKeyBytes: new Int32Array(newCounts[h]),
      positions: new Float64Array(requestCounts[h]),
    }));
    const fill = [0, 0];
    for (let j = 0; j < added; j++) {
      const h = this.half[this.known + j];
      out[h].newGroups[fill[h]] = batch.newGroups[j];
      out[h].newKeyBytes[fill[h]++] = batch.newKeyBytes[j];
    }
    const at = [0, 0];
    for (let i = 0; i < batch.ids.length; i++) {
      const id = batch.ids[i];
      const h = this.half[id];
      const k = at[h]++;
      out[h].ids[k] = this.dense[id];
      if (batch.valueBytes) (out[h].valueBytes as Int32Array)[k] = batch.valueBytes[i];
      (out[h].positions as Float64Array)[k] = batch.positions ? batch.positions[i] : 0;
    }
    this.known += added;
    return [out[0], out[1]];
  }
}
