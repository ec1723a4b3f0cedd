import type { Rng } from './rng';
import { WeightedChoice } from './weighted';

/** Ranks below this come from an exact alias table (48 KB, cache-resident). */
const HEAD_RANKS = 4096;

/**
 * Zipf ranks: P(rank = k) ∝ (k + 1)^-alpha for k in [0, n); rank 0 is the most popular.
 * O(1) expected time and O(1) memory for any exponent > 0 (including exactly 1) and any n.
 *
 * The head (the first 4096 ranks, which carry most requests for typical exponents) is drawn from
 * an alias table: one uniform, no transcendental functions. The tail is drawn by rejection-
 * inversion (Hörmann & Derflinger 1996, "Rejection-inversion to generate variates from monotone
 * discrete distributions"), following Apache Commons RNG's RejectionInversionZipfSampler with its
 * support starting after the head. The head's share is exact: the tail's mass is an Euler–
 * Maclaurin sum, accurate to rounding error this far from the origin.
 */
export class ZipfRanks {
  private readonly n: number;
  private readonly alpha: number;
  private readonly rng: Rng;
  private readonly head: WeightedChoice;
  private readonly headShare: number;
  private readonly hIntegralTailStart: number;
  private readonly hIntegralN: number;
  private readonly squeeze: number;

  /** @param n the number of ranks (≥ 1); @param alpha the exponent (> 0). */
  constructor(n: number, alpha: number, rng: Rng) {
    this.n = n;
    this.alpha = alpha;
    this.rng = rng;
    const headRanks = Math.min(n, HEAD_RANKS);
    const weights = new Float64Array(headRanks);
    let headMass = 0;
    for (let k = headRanks; k >= 1; k--) headMass += weights[k - 1] = this.h(k);
    this.head = new WeightedChoice(weights, rng);
    this.headShare = headRanks === n ? 1 : headMass / (headMass + this.sumOfH(headRanks + 1, n));
    this.hIntegralTailStart = this.hIntegral(headRanks + 0.5);
    this.hIntegralN = this.hIntegral(n + 0.5);
    // The squeeze accepts most tail samples without evaluating hIntegral a second time.
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** The next rank in [0, n). */
  next(): number {
    const u = this.rng.nextFloat();
    if (u < this.headShare) return this.head.pick(u / this.headShare);
    return this.nextTailRank();
  }

  /** Rejection-inversion over ranks (1-based) HEAD_RANKS + 1 … n. */
  private nextTailRank(): number {
    const n = this.n;
    for (;;) {
      // u is uniform on (hIntegral(HEAD_RANKS + 0.5), hIntegral(n + 0.5)].
      const u = this.hIntegralN + this.rng.nextFloat() * (this.hIntegralTailStart - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k <= HEAD_RANKS) k = HEAD_RANKS + 1;
      else if (k > n) k = n;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  /** Σ_{k=a..b} k^-alpha by Euler–Maclaurin (a ≥ 4097: the next term is below 1e-20 relative). */
  private sumOfH(a: number, b: number): number {
    const alpha = this.alpha;
    const derivative1 = (x: number): number => -alpha * x ** (-alpha - 1);
    const derivative3 = (x: number): number => -alpha * (alpha + 1) * (alpha + 2) * x ** (-alpha - 3);
    return this.hIntegral(b) - this.hIntegral(a) + (this.h(a) + this.h(b)) / 2 +
      (derivative1(b) - derivative1(a)) / 12 - (derivative3(b) - derivative3(a)) / 720;
  }

  /** H(x) = ∫₁ˣ t^-a dt = (x^(1-a) - 1) / (1 - a), continuous at a = 1 where it is log x. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.alpha) * logX) * logX;
  }

  /** h(x) = x^-a. */
  private h(x: number): number {
    return Math.exp(-this.alpha * Math.log(x));
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.alpha);
    if (t < -1) t = -1; // guards rounding at the far end of the support
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x) / x, with a series near 0 where the quotient loses precision. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, with a series near 0 where the quotient loses precision. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x * (1 + 0.25 * x)) / 3);
}
