import { normalCdf, normalPdf, normalQuantile } from './normal';
import type { Rng } from './rng';

/**
 * A non-negative numeric distribution, for value sizes (bytes) and latencies (ms). Samples are
 * floats; callers round where they need integers.
 * - `normal` is clamped below at `min` (default 0): values under it are reported as `min`.
 * - `lognormal` is given the way people describe latencies: its median and its 99th percentile.
 */
export type NumberDist =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; stddev: number; min?: number }
  | { kind: 'lognormal'; median: number; p99: number }
  | { kind: 'exponential'; mean: number };

/** Draws numbers ≥ 0 from one distribution. One draw allocates nothing. */
export interface NumberSampler {
  next(): number;
}

const Z_99 = normalQuantile(0.99);

const FIXED = 0;
const UNIFORM = 1;
const NORMAL = 2;
const LOGNORMAL = 3;
const EXPONENTIAL = 4;

/**
 * One class for every kind (a numeric switch), so a call site that mixes kinds — value sizes of
 * several namespaces, say — stays monomorphic.
 */
class DistSampler implements NumberSampler {
  private readonly kind: number;
  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly rng: Rng;

  constructor(kind: number, p0: number, p1: number, p2: number, rng: Rng) {
    this.kind = kind;
    this.p0 = p0;
    this.p1 = p1;
    this.p2 = p2;
    this.rng = rng;
  }

  next(): number {
    switch (this.kind) {
      case FIXED:
        return this.p0;
      case UNIFORM:
        return this.p0 + this.rng.nextFloat() * this.p1;
      case NORMAL: {
        const x = this.p0 + this.p1 * normalQuantile(this.rng.nextFloat());
        return x < this.p2 ? this.p2 : x;
      }
      case LOGNORMAL:
        return Math.exp(this.p0 + this.p1 * normalQuantile(this.rng.nextFloat()));
      default:
        return -this.p0 * Math.log(1 - this.rng.nextFloat());
    }
  }
}

/** A sampler for `dist`; throws a RangeError naming the bad field for invalid parameters. */
export function createNumberSampler(dist: NumberDist, rng: Rng): NumberSampler {
  validateDist(dist);
  switch (dist.kind) {
    case 'fixed':
      return new DistSampler(FIXED, dist.value, 0, 0, rng);
    case 'uniform':
      return new DistSampler(UNIFORM, dist.min, dist.max - dist.min, 0, rng);
    case 'normal':
      return new DistSampler(NORMAL, dist.mean, dist.stddev, dist.min ?? 0, rng);
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(dist.median, dist.p99);
      return new DistSampler(LOGNORMAL, mu, sigma, 0, rng);
    }
    case 'exponential':
      return new DistSampler(EXPONENTIAL, dist.mean, 0, 0, rng);
  }
}

/** The exact mean of what the sampler returns (for `normal`, of the clamped values). */
export function distMean(dist: NumberDist): number {
  validateDist(dist);
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'normal': {
      const floor = dist.min ?? 0;
      if (dist.stddev === 0) return Math.max(floor, dist.mean);
      // E[max(X, m)] = m·Φ(z) + μ·(1 − Φ(z)) + σ·φ(z), z = (m − μ) / σ.
      const z = (floor - dist.mean) / dist.stddev;
      const below = normalCdf(z);
      return floor * below + dist.mean * (1 - below) + dist.stddev * normalPdf(z);
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(dist.median, dist.p99);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case 'exponential':
      return dist.mean;
  }
}

/** The q-quantile (q in [0, 1]) of what the sampler returns. */
export function distQuantile(dist: NumberDist, q: number): number {
  validateDist(dist);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is not valid; use a number from 0 to 1`);
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return dist.min + q * (dist.max - dist.min);
    case 'normal':
      return Math.max(dist.min ?? 0, dist.mean + dist.stddev * normalQuantile(q));
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(dist.median, dist.p99);
      return Math.exp(mu + sigma * normalQuantile(q));
    }
    case 'exponential':
      return -dist.mean * Math.log(1 - q);
  }
}

function lognormalParams(median: number, p99: number): { mu: number; sigma: number } {
  return { mu: Math.log(median), sigma: (Math.log(p99) - Math.log(median)) / Z_99 };
}

function validateDist(dist: NumberDist): void {
  const fail = (field: string, value: number | undefined, valid: string): never => {
    throw new RangeError(`${dist.kind}.${field} = ${value} is not valid; use ${valid}`);
  };
  const nonNegative = (field: string, value: number): void => {
    if (!(value >= 0 && value < Infinity)) fail(field, value, 'a finite number ≥ 0');
  };
  switch (dist.kind) {
    case 'fixed':
      nonNegative('value', dist.value);
      return;
    case 'uniform':
      nonNegative('min', dist.min);
      if (!(dist.max >= dist.min && dist.max < Infinity)) fail('max', dist.max, `a finite number ≥ min (${dist.min})`);
      return;
    case 'normal':
      if (!Number.isFinite(dist.mean)) fail('mean', dist.mean, 'a finite number');
      nonNegative('stddev', dist.stddev);
      if (dist.min !== undefined) nonNegative('min', dist.min);
      return;
    case 'lognormal':
      if (!(dist.median > 0 && dist.median < Infinity)) fail('median', dist.median, 'a finite number > 0');
      if (!(dist.p99 >= dist.median && dist.p99 < Infinity)) fail('p99', dist.p99, `a finite number ≥ median (${dist.median})`);
      return;
    case 'exponential':
      nonNegative('mean', dist.mean);
      return;
  }
}
