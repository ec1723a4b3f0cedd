/**
 * Counters over virtual time (ms since the run started). Time is passed in, never read, and is
 * expected not to go backwards; an earlier time is treated as the latest one seen.
 */

/**
 * Events per second over a sliding window (e.g. queries/s over the last second), kept in a ring
 * of equal sub-windows so adding is O(1) and the window slides in steps of windowMs / buckets.
 */
export class WindowedRate {
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly ring: Float64Array;
  private current = 0;
  private inWindow = 0;
  private allTime = 0;

  /** @param windowMs the window length; @param buckets its resolution (more = smoother slide). */
  constructor(windowMs: number, buckets = 10) {
    if (!(windowMs > 0 && windowMs < Infinity)) throw new RangeError(`windowMs ${windowMs} is not valid; use a duration > 0`);
    if (!(Number.isInteger(buckets) && buckets >= 1)) throw new RangeError(`buckets ${buckets} is not valid; use an integer ≥ 1`);
    this.windowMs = windowMs;
    this.bucketMs = windowMs / buckets;
    this.ring = new Float64Array(buckets);
  }

  /** Events added since construction. */
  get total(): number {
    return this.allTime;
  }

  /** Counts `count` events at `nowMs`. */
  add(nowMs: number, count = 1): void {
    this.advance(nowMs);
    this.ring[this.current % this.ring.length] += count;
    this.inWindow += count;
    this.allTime += count;
  }

  /** The rate over the window ending at `nowMs` (over the elapsed time while the run is younger). */
  ratePerSec(nowMs: number): number {
    this.advance(nowMs);
    const intoBucketMs = nowMs - this.current * this.bucketMs;
    const spanMs = Math.min(nowMs, this.windowMs - this.bucketMs + intoBucketMs);
    return spanMs > 0 ? (this.inWindow * 1000) / spanMs : 0;
  }

  private advance(nowMs: number): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    if (bucket <= this.current) return;
    const size = this.ring.length;
    if (bucket - this.current >= size) {
      this.ring.fill(0);
      this.inWindow = 0;
    } else {
      for (let b = this.current + 1; b <= bucket; b++) {
        const slot = b % size;
        this.inWindow -= this.ring[slot];
        this.ring[slot] = 0;
      }
    }
    this.current = bucket;
  }
}

/**
 * A level that changes at instants — requests in flight, queue depth, memory — with its
 * time-weighted mean and its peak since the last reset.
 */
export class TimeWeightedGauge {
  private level = 0;
  private peak = 0;
  private sinceMs = 0;
  private lastMs = 0;
  private area = 0;

  /** The current level. */
  get value(): number {
    return this.level;
  }

  /** The highest level since the last reset. */
  get max(): number {
    return this.peak;
  }

  /** Sets the level at `nowMs`. */
  set(nowMs: number, value: number): void {
    this.integrate(nowMs);
    this.level = value;
    if (value > this.peak) this.peak = value;
  }

  /** Changes the level by `delta` at `nowMs` (e.g. +1 when a request starts, −1 when it ends). */
  add(nowMs: number, delta: number): void {
    this.set(nowMs, this.level + delta);
  }

  /** The time-weighted mean level from the last reset to `nowMs` (the level itself if no time passed). */
  mean(nowMs: number): number {
    this.integrate(nowMs);
    const spanMs = this.lastMs - this.sinceMs;
    return spanMs > 0 ? this.area / spanMs : this.level;
  }

  /** Starts a new averaging window at `nowMs`, keeping the current level. */
  reset(nowMs: number): void {
    this.integrate(nowMs);
    this.sinceMs = this.lastMs;
    this.area = 0;
    this.peak = this.level;
  }

  private integrate(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    this.area += this.level * (nowMs - this.lastMs);
    this.lastMs = nowMs;
  }
}
