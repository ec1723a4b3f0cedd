/**
 * Counts of non-negative float values in log-linear buckets read straight from the IEEE-754 bits:
 * the exponent and the top 12 mantissa bits. Each bucket spans 1/4096 of its power of two (so
 * a value is known to 0.025 %), integers below 8192 get a bucket each (exact), and values under 1
 * share bucket 0. Used for byte-weighted stack distances, whose range (bytes to terabytes) no
 * flat array can cover.
 */

const MANTISSA_BITS = 12;
const SHIFT = 20 - MANTISSA_BITS;
/** The bucket key of 1.0: exponent 1023, mantissa 0. */
const ONE = 1023 << MANTISSA_BITS;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
/** Typed arrays use the platform's byte order; find which word holds the exponent. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function bucketOf(value: number): number {
  if (!(value >= 1)) return 0;
  scratch[0] = value;
  return (scratchWords[HIGH_WORD] >>> SHIFT) - ONE + 1;
}

/** Counts by log-linear bucket; grows to the largest value seen. */
export class LogLinearCounts {
  private counts = new Float64Array(1024);

  /** Adds `count` at `value` (values below 1, including 0 and NaN, go to bucket 0). */
  record(value: number, count = 1): void {
    const bucket = bucketOf(value);
    if (bucket >= this.counts.length) {
      const grown = new Float64Array(Math.max(bucket + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[bucket] += count;
  }

  /**
   * For each limit, the count of values in buckets starting at or below it: every value ≤ limit,
   * plus those in the limit's own bucket above it (at most 1/4096 of the limit away).
   */
  countsAtOrBelow(limits: readonly number[]): number[] {
    const cumulative = new Float64Array(this.counts.length);
    let running = 0;
    for (let i = 0; i < this.counts.length; i++) cumulative[i] = running += this.counts[i];
    return limits.map((limit) => {
      if (!(limit >= 0)) return 0;
      return cumulative[Math.min(this.counts.length - 1, bucketOf(limit))];
    });
  }
}
