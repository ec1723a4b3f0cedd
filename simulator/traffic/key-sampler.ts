import { normalCdf, normalQuantile } from './normal';
import { KeyPermutation } from './permutation';
import type { Rng } from './rng';
import { ZipfRanks } from './zipf';

/** How requests spread over a namespace's keys. */
export type KeySkew =
  | { kind: 'zipf'; alpha: number }
  | { kind: 'uniform' }
  | { kind: 'gaussian'; stddevFraction: number }
  | { kind: 'hotspot'; hotKeysFraction: number; hotRequestsFraction: number };

/** Draws key ids in [0, n). One draw allocates nothing. */
export interface KeySampler {
  /** The next key id, an integer in [0, n). */
  next(): number;
}

/** Options shared by all skews. */
export interface KeySamplerOptions {
  /**
   * Map popularity ranks to pseudo-randomly scattered ids (default true), so that the hottest
   * keys are not ids 0, 1, 2…. Applies to the rank-based skews (zipf, hotspot); gaussian is a
   * positional model by definition (hot ids around the middle, like memtier's `G:G` pattern) and
   * uniform is unaffected either way.
   */
  scatter?: boolean;
}

/** The largest keyspace a sampler supports (ids stay small integers). */
export const MAX_KEYS = 2 ** 31;

/**
 * A sampler for `skew` over `n` keys, drawing from `rng`. The scatter permutation is keyed by
 * `rng.fork('key-permutation')`, so it depends on the stream's seed, not on its position.
 */
export function createKeySampler(skew: KeySkew, n: number, rng: Rng, options: KeySamplerOptions = {}): KeySampler {
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_KEYS)) {
    throw new RangeError(`key count ${n} is not valid; use an integer from 1 to 2^31`);
  }
  const scatter = options.scatter ?? true;
  switch (skew.kind) {
    case 'uniform':
      return new UniformKeySampler(n, rng);
    case 'zipf':
      requireInRange('zipf.alpha', skew.alpha, 0, 100, 'a number above 0 (typical: 0.6 to 1.4)', false);
      return new ZipfKeySampler(new ZipfRanks(n, skew.alpha, rng), scatterPermutation(n, rng, scatter));
    case 'gaussian':
      requireInRange('gaussian.stddevFraction', skew.stddevFraction, 0, 100, 'a number above 0 (e.g. 0.1 = 10 % of the keyspace)', false);
      return new GaussianKeySampler(n, skew.stddevFraction, rng);
    case 'hotspot':
      requireInRange('hotspot.hotKeysFraction', skew.hotKeysFraction, 0, 1, 'a fraction from 0 to 1', true);
      requireInRange('hotspot.hotRequestsFraction', skew.hotRequestsFraction, 0, 1, 'a fraction from 0 to 1', true);
      return new HotspotKeySampler(n, skew.hotKeysFraction, skew.hotRequestsFraction, rng, scatterPermutation(n, rng, scatter));
  }
}

function scatterPermutation(n: number, rng: Rng, scatter: boolean): KeyPermutation | null {
  return scatter && n > 1 ? new KeyPermutation(n, rng.fork('key-permutation')) : null;
}

function requireInRange(field: string, value: number, min: number, max: number, valid: string, minInclusive: boolean): void {
  const aboveMin = minInclusive ? value >= min : value > min;
  if (!(aboveMin && value <= max)) throw new RangeError(`${field} = ${value} is not valid; use ${valid}`);
}

/** Every key equally likely. */
export class UniformKeySampler implements KeySampler {
  private readonly n: number;
  private readonly rng: Rng;

  constructor(n: number, rng: Rng) {
    this.n = n;
    this.rng = rng;
  }

  next(): number {
    return Math.floor(this.rng.nextFloat() * this.n);
  }
}

/** Zipf popularity: P(rank k) ∝ (k + 1)^-alpha, ranks optionally scattered over ids. */
export class ZipfKeySampler implements KeySampler {
  private readonly ranks: ZipfRanks;
  private readonly permutation: KeyPermutation | null;

  constructor(ranks: ZipfRanks, permutation: KeyPermutation | null) {
    this.ranks = ranks;
    this.permutation = permutation;
  }

  next(): number {
    const rank = this.ranks.next();
    return this.permutation === null ? rank : this.permutation.apply(rank);
  }
}

/**
 * Ids drawn from a normal centred on n / 2 with standard deviation `stddevFraction · n`,
 * truncated to [0, n). Sampled by inverting the truncated CDF: one uniform per key, no retries.
 */
export class GaussianKeySampler implements KeySampler {
  private readonly n: number;
  private readonly centre: number;
  private readonly stddev: number;
  private readonly pLow: number;
  private readonly pSpan: number;
  private readonly rng: Rng;

  constructor(n: number, stddevFraction: number, rng: Rng) {
    this.n = n;
    this.centre = n / 2;
    this.stddev = stddevFraction * n;
    const zEdge = this.centre / this.stddev;
    this.pLow = normalCdf(-zEdge);
    this.pSpan = normalCdf(zEdge) - this.pLow;
    this.rng = rng;
  }

  next(): number {
    const z = normalQuantile(this.pLow + this.rng.nextFloat() * this.pSpan);
    const id = Math.floor(this.centre + this.stddev * z);
    // Clamping only matters at the approximation's edges (and for z = ±Infinity).
    return id < 0 ? 0 : id >= this.n ? this.n - 1 : id;
  }
}

/**
 * `hotRequestsFraction` of requests go uniformly to the hottest `hotKeysFraction` of keys (at
 * least one key), the rest uniformly to the others.
 */
export class HotspotKeySampler implements KeySampler {
  private readonly hotKeys: number;
  private readonly coldKeys: number;
  private readonly hotRequests: number;
  private readonly rng: Rng;
  private readonly permutation: KeyPermutation | null;

  constructor(n: number, hotKeysFraction: number, hotRequestsFraction: number, rng: Rng, permutation: KeyPermutation | null) {
    this.hotKeys = Math.min(n, Math.max(1, Math.round(hotKeysFraction * n)));
    this.coldKeys = n - this.hotKeys;
    // With no cold keys every request is hot, whatever the requested share.
    this.hotRequests = this.coldKeys === 0 ? 1 : hotRequestsFraction;
    this.rng = rng;
    this.permutation = permutation;
  }

  next(): number {
    const u = this.rng.nextFloat();
    let rank: number;
    if (u < this.hotRequests) {
      rank = Math.min(this.hotKeys - 1, Math.floor((u / this.hotRequests) * this.hotKeys));
    } else {
      const cold = Math.floor(((u - this.hotRequests) / (1 - this.hotRequests)) * this.coldKeys);
      rank = this.hotKeys + Math.min(this.coldKeys - 1, cold);
    }
    return this.permutation === null ? rank : this.permutation.apply(rank);
  }
}
