import type { Rng } from './rng';

/**
 * How a phase's request rate changes over its duration.
 * - `ramp`: linear from `fromPerSec` at the start to `toPerSec` at the end.
 * - `spike`: `basePerSec`, except `peakPerSec` from `atFraction` of the phase for
 *   `widthFraction` of it (cut off at the phase end) — a flash crowd, a thundering herd.
 */
export type PhaseShape =
  | { kind: 'steady'; ratePerSec: number }
  | { kind: 'ramp'; fromPerSec: number; toPerSec: number }
  | { kind: 'spike'; basePerSec: number; peakPerSec: number; atFraction: number; widthFraction: number };

/** Options for an arrival schedule. */
export interface ArrivalOptions {
  /**
   * Draw Poisson arrivals (a non-homogeneous Poisson process with the shape's rate) instead of
   * deterministic spacing. Needs `rng`.
   */
  poisson?: boolean;
  rng?: Rng;
}

const MAX_SEGMENTS = 3;

/**
 * The phase's rate as at most three linear segments. Rates are kept per millisecond so arrival
 * times come out in ms without conversions in the hot path.
 */
class Segments {
  readonly startMs = new Float64Array(MAX_SEGMENTS);
  readonly durationMs = new Float64Array(MAX_SEGMENTS);
  readonly ratePerMs = new Float64Array(MAX_SEGMENTS);
  readonly slopePerMs2 = new Float64Array(MAX_SEGMENTS);
  /** Expected arrivals before the segment starts (the running integral). */
  readonly countBefore = new Float64Array(MAX_SEGMENTS + 1);
  length = 0;

  constructor(shape: PhaseShape, durationMs: number) {
    validateShape(shape, durationMs);
    switch (shape.kind) {
      case 'steady':
        this.push(0, durationMs, shape.ratePerSec, shape.ratePerSec);
        break;
      case 'ramp':
        this.push(0, durationMs, shape.fromPerSec, shape.toPerSec);
        break;
      case 'spike': {
        const spikeStartMs = shape.atFraction * durationMs;
        const spikeEndMs = Math.min(durationMs, spikeStartMs + shape.widthFraction * durationMs);
        this.push(0, spikeStartMs, shape.basePerSec, shape.basePerSec);
        this.push(spikeStartMs, spikeEndMs - spikeStartMs, shape.peakPerSec, shape.peakPerSec);
        this.push(spikeEndMs, durationMs - spikeEndMs, shape.basePerSec, shape.basePerSec);
        break;
      }
    }
  }

  get total(): number {
    return this.countBefore[this.length];
  }

  private push(startMs: number, durationMs: number, fromPerSec: number, toPerSec: number): void {
    if (durationMs <= 0) return;
    const i = this.length++;
    this.startMs[i] = startMs;
    this.durationMs[i] = durationMs;
    this.ratePerMs[i] = fromPerSec / 1000;
    this.slopePerMs2[i] = (toPerSec - fromPerSec) / 1000 / durationMs;
    this.countBefore[i + 1] = this.countBefore[i] + ((fromPerSec + toPerSec) / 2 / 1000) * durationMs;
  }
}

/**
 * Virtual arrival times for one phase. The k-th request (k = 1, 2, …) arrives where the expected
 * count Λ(t) = ∫₀ᵗ rate reaches k − ½, so a phase yields round(Λ(duration)) requests, spaced at
 * the instantaneous rate. In Poisson mode the targets are a unit-rate Poisson process instead
 * (time-change theorem), which gives exactly the shape's rate on average.
 */
export class ArrivalSchedule {
  private readonly segments: Segments;
  private readonly rng: Rng | null;
  private target: number;
  private segment = 0;
  private emittedCount = 0;

  constructor(shape: PhaseShape, durationMs: number, options: ArrivalOptions = {}) {
    this.segments = new Segments(shape, durationMs);
    if (options.poisson && !options.rng) throw new RangeError('Poisson arrivals need an rng');
    this.rng = options.poisson && options.rng ? options.rng : null;
    this.target = this.rng === null ? -0.5 : 0;
  }

  /** Requests returned so far. */
  get emitted(): number {
    return this.emittedCount;
  }

  /** The next arrival in ms from the phase start, or Infinity once the phase has no more. */
  next(): number {
    this.target += this.rng === null ? 1 : -Math.log(1 - this.rng.nextFloat());
    const s = this.segments;
    while (this.segment < s.length && this.target >= s.countBefore[this.segment + 1]) this.segment++;
    if (this.segment === s.length) return Infinity;
    const i = this.segment;
    const count = this.target - s.countBefore[i];
    const rate = s.ratePerMs[i];
    // Solves rate·x + slope·x²/2 = count in the form that is stable for slope → 0 and rate = 0.
    const root = Math.sqrt(Math.max(0, rate * rate + 2 * s.slopePerMs2[i] * count));
    const denominator = rate + root;
    const offsetMs = denominator > 0 ? Math.min(s.durationMs[i], (2 * count) / denominator) : 0;
    this.emittedCount++;
    return s.startMs[i] + offsetMs;
  }
}

/** Λ(duration): the expected number of requests in a phase (not rounded). */
export function expectedRequests(shape: PhaseShape, durationMs: number): number {
  return new Segments(shape, durationMs).total;
}

/** The shape's request rate at `tMs` into the phase, for charts. */
export function rateAtPerSec(shape: PhaseShape, durationMs: number, tMs: number): number {
  validateShape(shape, durationMs);
  switch (shape.kind) {
    case 'steady':
      return shape.ratePerSec;
    case 'ramp':
      return shape.fromPerSec + (shape.toPerSec - shape.fromPerSec) * (durationMs === 0 ? 0 : Math.min(1, Math.max(0, tMs / durationMs)));
    case 'spike': {
      // The same arithmetic as the segments, so charts and arrivals agree at the edges.
      const spikeStartMs = shape.atFraction * durationMs;
      const spikeEndMs = Math.min(durationMs, spikeStartMs + shape.widthFraction * durationMs);
      return tMs >= spikeStartMs && tMs < spikeEndMs ? shape.peakPerSec : shape.basePerSec;
    }
  }
}

function validateShape(shape: PhaseShape, durationMs: number): void {
  if (!(durationMs >= 0 && durationMs < Infinity)) {
    throw new RangeError(`phase duration ${durationMs} ms is not valid; use a finite number ≥ 0`);
  }
  const check = (field: string, value: number, max: number, valid: string): void => {
    if (!(value >= 0 && value <= max)) throw new RangeError(`${shape.kind}.${field} = ${value} is not valid; use ${valid}`);
  };
  const rate = (field: string, value: number): void => check(field, value, Number.MAX_VALUE, 'a finite rate ≥ 0 per second');
  switch (shape.kind) {
    case 'steady':
      rate('ratePerSec', shape.ratePerSec);
      return;
    case 'ramp':
      rate('fromPerSec', shape.fromPerSec);
      rate('toPerSec', shape.toPerSec);
      return;
    case 'spike':
      rate('basePerSec', shape.basePerSec);
      rate('peakPerSec', shape.peakPerSec);
      check('atFraction', shape.atFraction, 1, 'a fraction from 0 to 1');
      check('widthFraction', shape.widthFraction, 1, 'a fraction from 0 to 1');
  }
}
