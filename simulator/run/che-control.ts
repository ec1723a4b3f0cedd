/**
 * A control variate for the sampled curve (policy-curve.ts): each key's expected misses under
 * exact LRU from its read count alone, by Che's approximation — a cache of C keys keeps a key
 * whose reads arrive at rate λ with probability 1 − e^(−λ·T), where the characteristic time T
 * makes the kept keys add up to C. The generated workloads draw keys independently, the case
 * where Che's approximation is known to be close. Its total over every key is computed exactly
 * (the read counts of the whole stream cost one increment a request), so the sampled estimate
 * only has to carry what the design's policy, TTLs and invalidation change about each key — far
 * less spread than a key's misses themselves, which are the bulk of SHARDS' sampling error.
 */

export interface ControlMisses {
  /** Expected misses over every key read. */
  all: number;
  /** Expected misses over the sampled keys. */
  sampled: number;
}

export class CheControl {
  /** Distinct read counts, and how many keys (all, sampled) were read that many times. */
  private readonly readsPerKey: Float64Array;
  private readonly keysAll: Float64Array;
  private readonly keysSampled: Float64Array;
  private readonly distinctKeys: number;

  /** `readCounts[id]`: reads of key id over the stream; `denseOf[id]` ≥ 0 for a sampled key. */
  constructor(readCounts: Uint32Array, denseOf: Int32Array) {
    const groupOf = new Map<number, number>();
    const reads: number[] = [];
    const all: number[] = [];
    const sampled: number[] = [];
    let distinct = 0;
    for (let id = 0; id < readCounts.length; id++) {
      const count = readCounts[id];
      if (count === 0) continue;
      distinct++;
      let group = groupOf.get(count);
      if (group === undefined) {
        group = reads.length;
        groupOf.set(count, group);
        reads.push(count);
        all.push(0);
        sampled.push(0);
      }
      all[group]++;
      if (denseOf[id] >= 0) sampled[group]++;
    }
    this.readsPerKey = Float64Array.from(reads);
    this.keysAll = Float64Array.from(all);
    this.keysSampled = Float64Array.from(sampled);
    this.distinctKeys = distinct;
  }

  /** Expected LRU misses at a cache holding `capacityKeys` keys (first reads always miss). */
  misses(capacityKeys: number): ControlMisses {
    if (capacityKeys >= this.distinctKeys) return this.total(Number.POSITIVE_INFINITY);
    if (capacityKeys <= 0) return this.total(0);
    // T in units of the stream's length: a key read c times has rate c. Bisect on log T.
    let low = -40;
    let high = 20;
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (this.keptKeys(Math.exp(mid)) < capacityKeys) low = mid;
      else high = mid;
    }
    return this.total(Math.exp((low + high) / 2));
  }

  private keptKeys(timeFraction: number): number {
    let kept = 0;
    for (let g = 0; g < this.readsPerKey.length; g++) kept += this.keysAll[g] * (1 - Math.exp(-this.readsPerKey[g] * timeFraction));
    return kept;
  }

  private total(timeFraction: number): ControlMisses {
    let all = 0;
    let sampled = 0;
    for (let g = 0; g < this.readsPerKey.length; g++) {
      const c = this.readsPerKey[g];
      const perKey = 1 + (c - 1) * (timeFraction === Number.POSITIVE_INFINITY ? 0 : Math.exp(-c * timeFraction));
      all += this.keysAll[g] * perKey;
      sampled += this.keysSampled[g] * perKey;
    }
    return { all, sampled };
  }
}
