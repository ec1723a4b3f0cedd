/**
 * Skew and size of a key population from request counts: the zipf exponent by maximum likelihood
 * over the head of the rank-frequency curve, and the number of keys (seen or not) that a zipf of
 * that exponent needs to show as many distinct keys as the trace did.
 */

export interface ZipfFit {
  alpha: number;
  /** Ranks the fit used (the head). */
  ranks: number;
  /** Share of the requests those ranks carry. */
  headShare: number;
}

/** Counts below this are too noisy for their rank to be trusted. */
const MIN_HEAD_COUNT = 30;

/**
 * Fits P(rank r) ∝ r^−alpha to request counts by maximum likelihood, conditioned on the head:
 * the top K ranks, K the deepest rank still counted at least 30 times, between 10 ranks and 10 %
 * of the keys seen. Conditioning on r ≤ K makes the fit independent of the (unknown) number of
 * keys; staying where counts are large keeps the sorting of noisy counts from steepening it.
 * Solves d/dα log L = 0: the model's mean of ln r equals the data's, by bisection.
 */
export function fitZipf(counts: ArrayLike<number>): ZipfFit | null {
  const sorted = Float64Array.from(counts).filter((c) => c > 0).sort().reverse();
  const distinct = sorted.length;
  if (distinct < 3) return null;
  let k = Math.min(distinct, Math.max(10, Math.floor(distinct * 0.1)));
  while (k > 10 && sorted[k - 1] < MIN_HEAD_COUNT) k--;
  k = Math.max(Math.min(distinct, 3), k);
  let total = 0;
  let weightedLog = 0;
  for (let r = 1; r <= k; r++) {
    total += sorted[r - 1];
    weightedLog += sorted[r - 1] * Math.log(r);
  }
  let all = 0;
  for (let r = 0; r < distinct; r++) all += sorted[r];
  const target = weightedLog / total;
  const modelMeanLog = (alpha: number): number => {
    let h = 0;
    let hl = 0;
    for (let r = 1; r <= k; r++) {
      const w = r ** -alpha;
      h += w;
      hl += w * Math.log(r);
    }
    return hl / h;
  };
  // The model's mean of ln r falls as alpha grows.
  let lo = 0;
  let hi = 6;
  if (modelMeanLog(lo) <= target) return { alpha: 0, ranks: k, headShare: total / all };
  if (modelMeanLog(hi) >= target) return { alpha: hi, ranks: k, headShare: total / all };
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (modelMeanLog(mid) > target) lo = mid;
    else hi = mid;
  }
  return { alpha: (lo + hi) / 2, ranks: k, headShare: total / all };
}

/**
 * Expected distinct keys among `requests` draws from zipf(alpha) over n keys:
 * Σ 1 − exp(−requests·p_r), summed exactly over the first ranks and over geometric bins beyond.
 */
export function expectedDistinct(n: number, alpha: number, requests: number): number {
  const h = harmonic(n, alpha);
  let distinct = 0;
  const exact = Math.min(n, 10_000);
  for (let r = 1; r <= exact; r++) distinct += 1 - Math.exp((-requests * r ** -alpha) / h);
  let from = exact + 1;
  while (from <= n) {
    const to = Math.min(n, Math.floor(from * 1.01) + 1);
    const width = to - from + 1;
    const mid = (from + to) / 2;
    distinct += width * (1 - Math.exp((-requests * mid ** -alpha) / h));
    from = to + 1;
  }
  return distinct;
}

/** Σ_{r=1..n} r^−alpha (exact head, Euler–Maclaurin tail). */
export function harmonic(n: number, alpha: number): number {
  const exact = Math.min(n, 10_000);
  let sum = 0;
  for (let r = 1; r <= exact; r++) sum += r ** -alpha;
  if (n <= exact) return sum;
  const integral = (x: number): number => (Math.abs(alpha - 1) < 1e-9 ? Math.log(x) : (x ** (1 - alpha)) / (1 - alpha));
  return sum + integral(n + 0.5) - integral(exact + 0.5);
}

/**
 * The number of keys n ≥ `distinct` for which zipf(alpha) over n keys would show `distinct`
 * distinct keys in `requests` requests (alpha 0: uniform). Capped at `maxKeys` (when the trace is
 * mostly keys seen once, the population is barely constrained).
 */
export function estimateCardinality(distinct: number, requests: number, alpha: number, maxKeys = 100_000_000): number {
  if (distinct <= 1 || requests <= distinct) return Math.max(1, distinct);
  const cap = Math.min(maxKeys, distinct * 50);
  const seen = (n: number): number => expectedDistinct(n, alpha, requests);
  let lo = distinct;
  if (seen(lo) >= distinct * 0.9999) return distinct;
  let hi = Math.min(cap, distinct * 2);
  while (seen(hi) < distinct && hi < cap) {
    lo = hi;
    hi = Math.min(cap, hi * 2);
  }
  if (seen(hi) < distinct) return cap;
  for (let i = 0; i < 60 && hi - lo > Math.max(1, lo * 0.0005); i++) {
    const mid = Math.floor((lo + hi) / 2);
    if (seen(mid) < distinct) lo = mid;
    else hi = mid;
  }
  return Math.round(hi);
}
