/**
 * A control variate for the sampled curve (policy-curve.ts): each key's expected misses under
 * LRU with its namespace's TTL from its read count alone, by Che's approximation — a cache of C
 * keys keeps a key whose reads arrive at rate λ with probability 1 − e^(−λ·T), where the
 * characteristic time T makes the kept keys add up to C — times the chance that a read falls in a
 * live TTL window, λτ / (1 + λτ) (a miss sets the key for τ; the next read after it misses). The
 * generated workloads draw keys independently, the case where these approximations are close.
 * Reads that follow an invalidation of their key (counted exactly in the pass) miss whatever the
 * cache size. Its total over every key is computed exactly
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
  /** Per group: the chance a read falls in a live TTL window (1 without TTL). */
  private readonly liveShare: Float64Array;
  private readonly keysAll: Float64Array;
  private readonly keysSampled: Float64Array;
  /** Per group: reads right after an invalidation of their key, over all keys and the sampled ones. */
  private readonly invalidatedAll: Float64Array;
  private readonly invalidatedSampled: Float64Array;

  /**
   * `readCounts[id]`: reads of key id over the stream; `denseOf[id]` ≥ 0 for a sampled key;
   * `namespaceOf[id]` its namespace, whose TTL is `ttlShares[ns]` of the stream's span (0: none);
   * `invalidatedReads[id]`: its reads that came right after an invalidation of it.
   */
  constructor(readCounts: Uint32Array, denseOf: Int32Array, namespaceOf: Uint16Array, ttlShares: ReadonlyArray<number>, invalidatedReads: Uint32Array) {
    const groupOf = new Map<number, number>();
    const reads: number[] = [];
    const live: number[] = [];
    const all: number[] = [];
    const sampled: number[] = [];
    const invalidatedAll: number[] = [];
    const invalidatedSampled: number[] = [];
    for (let id = 0; id < readCounts.length; id++) {
      const count = readCounts[id];
      if (count === 0) continue;
      const ns = namespaceOf[id];
      const key = ns * 2 ** 32 + count;
      let group = groupOf.get(key);
      if (group === undefined) {
        group = reads.length;
        groupOf.set(key, group);
        reads.push(count);
        const ttl = ttlShares[ns] * count;
        live.push(ttl > 0 ? ttl / (1 + ttl) : 1);
        all.push(0);
        sampled.push(0);
        invalidatedAll.push(0);
        invalidatedSampled.push(0);
      }
      all[group]++;
      invalidatedAll[group] += invalidatedReads[id];
      if (denseOf[id] >= 0) {
        sampled[group]++;
        invalidatedSampled[group] += invalidatedReads[id];
      }
    }
    this.readsPerKey = Float64Array.from(reads);
    this.liveShare = Float64Array.from(live);
    this.keysAll = Float64Array.from(all);
    this.keysSampled = Float64Array.from(sampled);
    this.invalidatedAll = Float64Array.from(invalidatedAll);
    this.invalidatedSampled = Float64Array.from(invalidatedSampled);
  }

  /** Expected LRU misses at a cache holding `capacityKeys` keys (first reads always miss). */
  misses(capacityKeys: number): ControlMisses {
    if (capacityKeys >= this.keptKeys(Number.POSITIVE_INFINITY)) return this.total(Number.POSITIVE_INFINITY);
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
    for (let g = 0; g < this.readsPerKey.length; g++) kept += this.keysAll[g] * this.liveShare[g] * (1 - Math.exp(-this.readsPerKey[g] * timeFraction));
    return kept;
  }

  private total(timeFraction: number): ControlMisses {
    let all = 0;
    let sampled = 0;
    for (let g = 0; g < this.readsPerKey.length; g++) {
      const c = this.readsPerKey[g];
      const kept = timeFraction === Number.POSITIVE_INFINITY ? 1 : 1 - Math.exp(-c * timeFraction);
      const hit = this.liveShare[g] * kept;
      // A read after an invalidation misses; the others, first reads aside, hit with chance `hit`.
      const perKey = 1 + (c - 1) * (1 - hit);
      all += this.keysAll[g] * perKey + this.invalidatedAll[g] * hit;
      sampled += this.keysSampled[g] * perKey + this.invalidatedSampled[g] * hit;
    }
    return { all, sampled };
  }
}
