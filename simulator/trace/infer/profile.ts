/**
 * One pass over recorded records, keeping per key what inference needs: reads, writes (told apart
 * into cache-aside fills and direct writes), deletes, the last value size and TTL written, plus
 * requests per second and a sample of fill delays (the time from a GET to the SET of the same key
 * that follows it, which is the origin's latency seen from the application).
 */
import { COMMANDS, OP_DELETE, OP_EXPIRE, OP_READ, OP_WRITE, TTL_KEEP } from '../commands';
import type { RecordBatch, RecordedKeys } from '../records';

export interface ProfileOptions {
  /** A SET at most this long after a GET of the same key is a cache-aside fill (default 5 s). */
  fillWindowMs?: number;
}

const FILL_SAMPLES = 20_000;
/** Deletes kept for finding pattern deletes (the first ones; 12 bytes each). */
const MAX_DELETE_EVENTS = 4_000_000;

export class TraceProfile {
  readonly keys: RecordedKeys;
  reads: Int32Array = new Int32Array(1024);
  /** SETs that follow a GET of the same key within the fill window: cache-aside fills. */
  fills: Int32Array = new Int32Array(1024);
  /** Other writes: the application writing a value (write-through, counters, sessions). */
  writes: Int32Array = new Int32Array(1024);
  deletes: Int32Array = new Int32Array(1024);
  /** Last value size written (bytes); 0 when never seen. */
  valueBytes: Int32Array = new Int32Array(1024);
  /** Largest value size written (bytes). */
  maxValueBytes: Int32Array = new Int32Array(1024);
  /** Last TTL the application set (ms); 0 when written without one, −1 when never written. */
  ttlMs: Float64Array = new Float64Array(1024).fill(-1);
  private lastReadUs: Float64Array = new Float64Array(1024).fill(-1);
  /** Requests (reads, direct writes, deletes: not fills) by second since the first record. */
  private perSecond: Float64Array = new Float64Array(1024);
  /** Sampled fill delays (ms). */
  readonly fillDelaysMs: Float64Array = new Float64Array(FILL_SAMPLES);
  fillDelayCount = 0;
  firstUs = Number.POSITIVE_INFINITY;
  lastUs = Number.NEGATIVE_INFINITY;
  records = 0;
  /** Records by command (index into COMMANDS; 0 = unknown). */
  readonly commandCounts: Float64Array = new Float64Array(COMMANDS.length);
  /** Records whose time went backwards (their order is kept; times are clamped for rates). */
  outOfOrder = 0;
  readonly dbs = new Set<number>();
  private readonly fillWindowUs: number;
  private sampleSeed = 0x9e3779b9;
  private deleteKeyIds: Int32Array = new Int32Array(1024);
  private deleteTimesUs: Float64Array = new Float64Array(1024);
  private deleteCount = 0;

  constructor(keys: RecordedKeys, options: ProfileOptions = {}) {
    this.keys = keys;
    this.fillWindowUs = (options.fillWindowMs ?? 5000) * 1000;
  }

  /** Adds the first `count` records of a batch. */
  add(batch: RecordBatch, count: number): void {
    this.ensure(this.keys.size);
    for (let i = 0; i < count; i++) {
      let t = batch.timeUs[i];
      if (this.records === 0) this.firstUs = t;
      if (t < this.lastUs) {
        this.outOfOrder++;
        t = this.lastUs;
      }
      this.lastUs = t;
      this.records++;
      this.commandCounts[batch.command[i]]++;
      const second = Math.floor((t - this.firstUs) / 1e6);
      if (second >= this.perSecond.length) this.perSecond = growFloat(this.perSecond, second + 1, 0);
      const id = batch.keyId[i];
      if (id < 0) continue;
      this.dbs.add(batch.db[i]);
      switch (batch.op[i]) {
        case OP_READ:
          this.perSecond[second]++;
          this.reads[id]++;
          this.lastReadUs[id] = t;
          break;
        case OP_WRITE: {
          const last = this.lastReadUs[id];
          if (last >= 0 && t - last <= this.fillWindowUs) {
            this.fills[id]++;
            this.sampleFill((t - last) / 1000);
          } else {
            this.perSecond[second]++;
            this.writes[id]++;
          }
          const size = batch.valueBytes[i];
          if (size >= 0) {
            this.valueBytes[id] = size;
            if (size > this.maxValueBytes[id]) this.maxValueBytes[id] = size;
          }
          const ttl = batch.ttlMs[i];
          if (ttl !== TTL_KEEP) this.ttlMs[id] = ttl;
          else if (this.ttlMs[id] < 0) this.ttlMs[id] = 0;
          break;
        }
        case OP_DELETE:
          this.perSecond[second]++;
          this.deletes[id]++;
          this.recordDelete(id, t);
          this.lastReadUs[id] = -1;
          break;
        case OP_EXPIRE:
          this.ttlMs[id] = batch.ttlMs[i];
          break;
      }
    }
  }

  /** Seconds from the first record to the last. */
  get durationSec(): number {
    return this.records === 0 ? 0 : Math.max(1e-3, (this.lastUs - this.firstUs) / 1e6);
  }

  /** Requests (reads, direct writes, deletes) in each whole second since the first record. */
  requestsPerSecond(): Float64Array {
    const seconds = this.records === 0 ? 0 : Math.floor((this.lastUs - this.firstUs) / 1e6) + 1;
    return this.perSecond.subarray(0, seconds);
  }

  /** The fill delays sampled (ms). */
  fillDelays(): Float64Array {
    return this.fillDelaysMs.subarray(0, Math.min(this.fillDelayCount, FILL_SAMPLES));
  }

  /** The deletes kept (key ids and times, in order), for finding pattern deletes. */
  deleteEvents(): { keyIds: Int32Array; timesUs: Float64Array } {
    const n = Math.min(this.deleteCount, MAX_DELETE_EVENTS);
    return { keyIds: this.deleteKeyIds.subarray(0, n), timesUs: this.deleteTimesUs.subarray(0, n) };
  }

  private recordDelete(id: number, t: number): void {
    const n = this.deleteCount++;
    if (n >= MAX_DELETE_EVENTS) return;
    if (n === this.deleteKeyIds.length) {
      this.deleteKeyIds = growInt(this.deleteKeyIds, n * 2);
      this.deleteTimesUs = growFloat(this.deleteTimesUs, n * 2, 0);
    }
    this.deleteKeyIds[n] = id;
    this.deleteTimesUs[n] = t;
  }

  private sampleFill(ms: number): void {
    const n = this.fillDelayCount++;
    if (n < FILL_SAMPLES) {
      this.fillDelaysMs[n] = ms;
      return;
    }
    // Reservoir sampling with a fixed-seed xorshift: deterministic for the same trace.
    let x = this.sampleSeed;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.sampleSeed = x;
    const slot = (x >>> 0) % (n + 1);
    if (slot < FILL_SAMPLES) this.fillDelaysMs[slot] = ms;
  }

  private ensure(size: number): void {
    if (size <= this.reads.length) return;
    const n = Math.max(size, this.reads.length * 2);
    this.reads = growInt(this.reads, n);
    this.fills = growInt(this.fills, n);
    this.writes = growInt(this.writes, n);
    this.deletes = growInt(this.deletes, n);
    this.valueBytes = growInt(this.valueBytes, n);
    this.maxValueBytes = growInt(this.maxValueBytes, n);
    this.ttlMs = growFloat(this.ttlMs, n, -1);
    this.lastReadUs = growFloat(this.lastReadUs, n, -1);
  }
}

function growInt(from: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(from);
  return next;
}

function growFloat(from: Float64Array, atLeast: number, fill: number): Float64Array {
  const next = new Float64Array(Math.max(atLeast, from.length * 2));
  if (fill !== 0) next.fill(fill, from.length);
  next.set(from);
  return next;
}
