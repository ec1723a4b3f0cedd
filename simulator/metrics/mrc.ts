import { FenwickTree } from './fenwick';
import { IdSlots } from './id-slots';
import { LogLinearCounts } from './log-linear-counts';

/** What an LRU cache's capacity is counted in: keys, or bytes (as Redis's maxmemory). */
export type CacheSizeUnit = 'keys' | 'bytes';

/** Options for a one-pass miss-ratio curve. */
export interface LruStackDistanceOptions {
  /** Cache sizes in keys (default) or bytes. */
  unit?: CacheSizeUnit;
  /**
   * SHARDS sampling rate in (0, 1] (default 1: exact). Keys are kept when a hash of their id falls
   * under the rate, so a kept key keeps all of its accesses; distances are scaled by 1 / rate.
   * Estimates are good (within a point or two) for cache sizes holding ≳ 1000 sampled keys, i.e.
   * sizes ≥ 1000 / rate keys; below that the few hottest keys make them noisy.
   */
  sampleRate?: number;
  /** Salts the sampling hash, to pick a different subset of keys. */
  seed?: number;
}

/** SHARDS compares a 24-bit hash against a threshold: rates resolve to multiples of 2^-24. */
const SHARDS_MODULUS = 1 << 24;
const INITIAL_CLOCK = 1024;

/**
 * The LRU miss-ratio curve for every cache size at once, in one pass over a trace (Mattson's stack
 * algorithm). Each key's last access time is a mark in a Fenwick tree over time, weighted 1 (keys)
 * or by the key's size (bytes); the stack distance of an access is the weight of the marks after
 * the key's own, in O(log n). An access hits a cache of capacity C iff that distance plus the
 * key's own weight is ≤ C — exact for LRU when each key keeps a constant size (with sizes that
 * change, it is the usual approximation). The clock is renumbered when it fills, so memory stays
 * proportional to the number of distinct (sampled) keys, not to the trace length.
 *
 * With `sampleRate` < 1 this is SHARDS (Waldspurger et al., FAST '15) with its count adjustment:
 * the sampled trace's distances are scaled up by 1 / rate.
 */
export class LruStackDistance {
  /** The unit of `curve`'s sizes. */
  readonly unit: CacheSizeUnit;
  /** The effective sampling rate (the requested one, rounded to a multiple of 2^-24). */
  readonly sampleRate: number;
  private readonly threshold: number;
  private readonly salt: number;
  private readonly slots = new IdSlots();
  private lastTime = new Int32Array(1024);
  private weight = new Float64Array(1024);
  private keyAtTime = new Int32Array(INITIAL_CLOCK + 1);
  private readonly tree = new FenwickTree(INITIAL_CLOCK);
  private clock = 0;
  private allAccesses = 0;
  private sampled = 0;
  /** keys: reuse accesses by the number of distinct keys between (unscaled). */
  private keyDistances = new Float64Array(1024);
  private maxKeyDistance = -1;
  /** bytes: reuse accesses by the capacity they need to hit (scaled). */
  private readonly byteRequirements = new LogLinearCounts();

  constructor(options: LruStackDistanceOptions = {}) {
    const rate = options.sampleRate ?? 1;
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`sampleRate ${rate} is not valid; use a number in (0, 1], e.g. 0.01`);
    this.unit = options.unit ?? 'keys';
    this.threshold = Math.max(1, Math.round(rate * SHARDS_MODULUS));
    this.sampleRate = this.threshold / SHARDS_MODULUS;
    this.salt = (options.seed ?? 0) | 0;
  }

  /** Accesses seen, sampled or not. */
  get accesses(): number {
    return this.allAccesses;
  }

  /** Accesses kept by sampling (all of them at rate 1). */
  get sampledAccesses(): number {
    return this.sampled;
  }

  /** Distinct keys seen, estimated from the sampled ones (exact at rate 1). */
  get estimatedDistinctKeys(): number {
    return this.slots.size / this.sampleRate;
  }

  /** Whether sampling keeps the accesses of `id` (always at rate 1). */
  keeps(id: number): boolean {
    return (hash(id ^ this.salt) & (SHARDS_MODULUS - 1)) < this.threshold;
  }

  /** Counts an access that `keeps` rejected (the count adjustment needs every access counted). */
  skip(): void {
    this.allAccesses++;
  }

  /** Feeds one access. `id` is an integer in [0, 2^31); `sizeBytes` matters for the bytes unit. */
  access(id: number, sizeBytes = 1): void {
    if (!((id | 0) === id && id >= 0)) throw new RangeError(`key id ${id} is not valid; use an integer in [0, 2^31)`);
    this.allAccesses++;
    if (!this.keeps(id)) return;
    this.sampled++;
    const known = this.slots.size;
    const slot = this.slots.slotOf(id);
    const weight = this.unit === 'keys' ? 1 : sizeBytes > 0 ? sizeBytes : 0;
    if (slot === known) {
      if (slot === this.lastTime.length) this.growSlots();
    } else {
      const previous = this.lastTime[slot];
      const stored = this.weight[slot];
      // Marks sit at reversed positions (newest first), so the weight accessed since `previous`
      // is a short prefix for recently used keys: few tree nodes, all near the hot front.
      this.recordReuse(this.tree.prefixSum(this.tree.size - previous), stored);
      this.tree.add(this.tree.size + 1 - previous, -stored);
      this.keyAtTime[previous] = -1;
    }
    if (this.clock === this.tree.size) this.compact();
    const now = ++this.clock;
    this.tree.add(this.tree.size + 1 - now, weight);
    this.keyAtTime[now] = slot;
    this.lastTime[slot] = now;
    this.weight[slot] = weight;
  }

  /**
   * The LRU hit ratio (0..1) at each cache size in `sizes` (in `unit`), over every access fed so
   * far; first accesses to a key are misses at every size.
   */
  curve(sizes: readonly number[]): number[] {
    const expectedSampled = this.allAccesses * this.sampleRate;
    if (expectedSampled === 0) return sizes.map(() => 0);
    // SHARDS-adj: the sample's shortfall (or excess) against its expected size counts as hits at
    // the smallest distance, which removes most of the bias sampling leaves in the curve.
    const adjustment = expectedSampled - this.sampled;
    const hits = this.unit === 'keys' ? this.keyHits(sizes) : this.byteRequirements.countsAtOrBelow(sizes);
    return hits.map((count, i) => {
      const ratio = (count + (sizes[i] > 0 ? adjustment : 0)) / expectedSampled;
      return ratio < 0 ? 0 : ratio > 1 ? 1 : ratio;
    });
  }

  private keyHits(sizes: readonly number[]): number[] {
    const cumulative = new Float64Array(this.maxKeyDistance + 1);
    let running = 0;
    for (let d = 0; d <= this.maxKeyDistance; d++) cumulative[d] = running += this.keyDistances[d];
    // A hit at size C needs d / rate + 1 ≤ C, i.e. d ≤ (C − 1) · rate.
    return sizes.map((size) => {
      if (!(size >= 1) || this.maxKeyDistance < 0) return 0;
      return cumulative[Math.min(this.maxKeyDistance, Math.floor((size - 1) * this.sampleRate))];
    });
  }

  private recordReuse(weightSince: number, ownWeight: number): void {
    if (this.unit === 'bytes') {
      this.byteRequirements.record(weightSince / this.sampleRate + ownWeight);
      return;
    }
    const d = weightSince;
    if (d >= this.keyDistances.length) {
      const grown = new Float64Array(Math.max(d + 1, this.keyDistances.length * 2));
      grown.set(this.keyDistances);
      this.keyDistances = grown;
    }
    this.keyDistances[d]++;
    if (d > this.maxKeyDistance) this.maxKeyDistance = d;
  }

  private growSlots(): void {
    const lastTime = new Int32Array(this.lastTime.length * 2);
    lastTime.set(this.lastTime);
    this.lastTime = lastTime;
    const weight = new Float64Array(this.weight.length * 2);
    weight.set(this.weight);
    this.weight = weight;
  }

  /** Renumbers the live marks (one per key) to 1..k, keeping the clock at least twice k. */
  private compact(): void {
    const live = this.slots.size;
    const size = Math.max(this.tree.size, 2 ** Math.ceil(Math.log2(2 * live)));
    const values = new Float64Array(size + 1);
    const keyAtTime = new Int32Array(size + 1);
    let t = 0;
    for (let old = 1; old <= this.clock; old++) {
      const slot = this.keyAtTime[old];
      if (slot < 0) continue;
      t++;
      values[size + 1 - t] = this.weight[slot];
      keyAtTime[t] = slot;
      this.lastTime[slot] = t;
    }
    this.tree.rebuild(values, size);
    this.keyAtTime = keyAtTime;
    this.clock = t;
  }
}

/** Murmur3's finaliser: SHARDS needs a hash whose low bits are uniform over ids. */
function hash(id: number): number {
  let h = id | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
