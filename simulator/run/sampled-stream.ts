/**
 * A spatially sampled request stream (SHARDS): a key is in the sample when a hash of its id falls
 * below the rate, so a sampled key keeps every one of its requests, at their true times. The
 * sampled keys get dense ids (in the order of their original ids, so a namespace's keys stay
 * contiguous) and the stream is kept in typed arrays, to be replayed into several mini-simulations.
 */
import type { KeyLayout } from './namespace-keys';
import type { RequestSource } from './workload';

const HASH_MODULUS = 2 ** 32;

/** murmur3's 32-bit finaliser over the id and a salt: a uniform hash in [0, 2^32). */
export function keyHash(id: number, salt: number): number {
  let h = (id ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The sampled keys of a layout, as a layout of their own (dense ids 0 … totalKeys − 1). */
export class SampledLayout implements KeyLayout {
  readonly totalKeys: number;
  readonly groups: Uint16Array;
  /** Dense id of every original id, −1 for a key outside the sample. */
  readonly denseOf: Int32Array;
  private readonly originalOf: Int32Array;
  private readonly firstOf: Int32Array;

  constructor(private readonly full: KeyLayout, rate: number, salt: number) {
    const threshold = rate >= 1 ? HASH_MODULUS : Math.round(rate * HASH_MODULUS);
    this.denseOf = new Int32Array(full.totalKeys);
    const originals: number[] = [];
    for (let id = 0; id < full.totalKeys; id++) {
      if (keyHash(id, salt) < threshold) {
        this.denseOf[id] = originals.length;
        originals.push(id);
      } else {
        this.denseOf[id] = -1;
      }
    }
    this.originalOf = Int32Array.from(originals);
    this.totalKeys = originals.length;
    this.groups = new Uint16Array(this.totalKeys);
    this.firstOf = new Int32Array(groupCount(full.groups)).fill(this.totalKeys);
    for (let dense = this.totalKeys - 1; dense >= 0; dense--) {
      const ns = full.groups[this.originalOf[dense]];
      this.groups[dense] = ns;
      this.firstOf[ns] = dense;
    }
  }

  namespaceOf(id: number): number {
    return this.groups[id];
  }

  keyBytes(id: number): number {
    return this.full.keyBytes(this.originalOf[id]);
  }

  forEachKeyOf(namespace: number, visit: (id: number) => void): void {
    const groups = this.groups;
    for (let id = namespace < this.firstOf.length ? this.firstOf[namespace] : groups.length; id < groups.length && groups[id] === namespace; id++) visit(id);
  }
}

function groupCount(groups: Uint16Array): number {
  let max = 0;
  for (const g of groups) if (g > max) max = g;
  return max + 1;
}

/** Recorded requests: time, operation and (dense) key id of each, and where the stream ended. */
export interface RecordedRequests {
  timesMs: Float64Array;
  operations: Uint16Array;
  keyIds: Int32Array;
  endMs: number;
}

/** A fresh replay of recorded requests, as often as needed. */
export function replayOf(requests: RecordedRequests): RequestSource {
  return new StreamReplay(requests.timesMs, requests.operations, requests.keyIds, requests.keyIds.length, requests.endMs);
}

/** The sampled requests, recorded once, to be replayed (`replayOf`) into several mini-simulations. */
export class SampledStream {
  count = 0;
  /** Where the full stream ended (ms): the replay ends there too, so expiry runs to the same end. */
  endMs = 0;
  private timesMs = new Float64Array(1024);
  private operations = new Uint16Array(1024);
  private keyIds = new Int32Array(1024);

  add(timeMs: number, operation: number, denseId: number): void {
    if (this.count === this.keyIds.length) this.grow();
    this.timesMs[this.count] = timeMs;
    this.operations[this.count] = operation;
    this.keyIds[this.count] = denseId;
    this.count++;
  }

  /** The recorded requests as plain typed arrays (views, not copies): they can be posted to a worker. */
  recorded(): RecordedRequests {
    const { count } = this;
    return { timesMs: this.timesMs.subarray(0, count), operations: this.operations.subarray(0, count), keyIds: this.keyIds.subarray(0, count), endMs: this.endMs };
  }

  private grow(): void {
    const size = this.keyIds.length * 2;
    const timesMs = new Float64Array(size);
    timesMs.set(this.timesMs);
    const operations = new Uint16Array(size);
    operations.set(this.operations);
    const keyIds = new Int32Array(size);
    keyIds.set(this.keyIds);
    this.timesMs = timesMs;
    this.operations = operations;
    this.keyIds = keyIds;
  }
}

class StreamReplay implements RequestSource {
  readonly valueBytesHint = -1;
  readonly phaseName = 'curve';
  timeMs = 0;
  operation = 0;
  keyId = 0;
  produced = 0;

  constructor(
    private readonly timesMs: Float64Array, private readonly operations: Uint16Array, private readonly keyIds: Int32Array,
    readonly total: number, readonly endMs: number,
  ) {}

  next(): boolean {
    const at = this.produced;
    if (at >= this.total) return false;
    this.timeMs = this.timesMs[at];
    this.operation = this.operations[at];
    this.keyId = this.keyIds[at];
    this.produced = at + 1;
    return true;
  }

  peekKeyId(ahead: number): number {
    const at = this.produced - 1 + ahead;
    return at < this.total ? this.keyIds[at] : -1;
  }
}
