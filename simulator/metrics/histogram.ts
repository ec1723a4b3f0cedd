/** One bucket of a histogram as plain JSON: `count` values were ≤ `upToUs` (and above the last bucket). */
export interface HistogramBucket {
  upToUs: number;
  count: number;
}

/** Options for a latency histogram. */
export interface LatencyHistogramOptions {
  /**
   * Precision: 3 (default) keeps every value within 0.1 % (188 KB of counts); 2 within 0.8 %
   * (27 KB), for when many histograms are alive at once.
   */
  significantDigits?: 2 | 3;
}

/** The largest recordable value: 2^32 − 1 µs ≈ 71.6 minutes. Larger values are recorded as this. */
export const MAX_LATENCY_US = 4294967295;

/**
 * Latencies in whole microseconds in an HdrHistogram-style log-linear layout: bucket b holds
 * 2^(m−1) equal-width sub-buckets spanning [2^(b+m−1), 2^(b+m)) (the first also [0, 2^(m−1))),
 * so every value is kept to within 1 part in 2^(m−1) in a fixed, small typed array and recording
 * is a few integer operations (clz32, shift, increment) with no allocation.
 *
 * Percentiles follow HdrHistogram: the value at percentile p is the smallest recorded value v
 * such that at least p % of values are ≤ v, reported as the highest value equivalent to v's
 * bucket (never an underestimate) and capped at the exact recorded maximum. Count, min, max and
 * mean are exact.
 */
export class LatencyHistogram {
  /** The precision the histogram was built with. */
  readonly significantDigits: 2 | 3;
  private readonly subBucketMagnitude: number;
  private readonly subBucketHalfMagnitude: number;
  private readonly subBucketHalfCount: number;
  private readonly subBucketMask: number;
  private readonly counts: Float64Array;
  private total = 0;
  private sum = 0;
  private minUs = MAX_LATENCY_US;
  private maxUs = 0;
  private highestIndex = -1;

  constructor(options: LatencyHistogramOptions = {}) {
    const digits = options.significantDigits ?? 3;
    if (digits !== 2 && digits !== 3) throw new RangeError(`significantDigits ${digits} is not valid; use 2 or 3`);
    this.significantDigits = digits;
    // The smallest power of two holding 2·10^d distinct values keeps d digits at every scale.
    this.subBucketMagnitude = Math.ceil(Math.log2(2 * 10 ** digits));
    this.subBucketHalfMagnitude = this.subBucketMagnitude - 1;
    this.subBucketHalfCount = 1 << this.subBucketHalfMagnitude;
    this.subBucketMask = (1 << this.subBucketMagnitude) - 1;
    const bucketCount = 33 - this.subBucketMagnitude; // enough for 2^32 − 1
    this.counts = new Float64Array((bucketCount + 1) * this.subBucketHalfCount);
  }

  /** Rebuilds a histogram from `toBuckets()` output (min, max and mean become bucket-exact). */
  static fromBuckets(buckets: readonly HistogramBucket[], options: LatencyHistogramOptions = {}): LatencyHistogram {
    const histogram = new LatencyHistogram(options);
    for (const bucket of buckets) histogram.recordMany(bucket.upToUs, bucket.count);
    return histogram;
  }

  /** Values recorded. */
  get count(): number {
    return this.total;
  }

  /** The smallest recorded value, or 0 when empty. */
  get min(): number {
    return this.total === 0 ? 0 : this.minUs;
  }

  /** The largest recorded value, or 0 when empty. */
  get max(): number {
    return this.maxUs;
  }

  /** The mean of the recorded values, or 0 when empty. */
  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** Records one latency. Values are rounded to whole µs; negatives and NaN count as 0. */
  record(valueUs: number): void {
    this.recordMany(valueUs, 1);
  }

  /** Records `count` occurrences of one latency (a no-op for count ≤ 0). */
  recordMany(valueUs: number, count: number): void {
    if (!(count > 0)) return;
    const value = valueUs >= 0 ? (valueUs < MAX_LATENCY_US ? (valueUs + 0.5) >>> 0 : MAX_LATENCY_US) : 0;
    const index = this.indexOf(value);
    this.counts[index] += count;
    this.total += count;
    this.sum += value * count;
    if (value < this.minUs) this.minUs = value;
    if (value > this.maxUs) this.maxUs = value;
    if (index > this.highestIndex) this.highestIndex = index;
  }

  /**
   * The value at percentile p (0..100): at least p % of recorded values are ≤ it. Reported as the
   * highest value of its bucket (within 0.1 % at 3 digits), capped at the exact max; p = 0 gives
   * the exact min. 0 when empty.
   */
  valueAtPercentile(percentile: number): number {
    if (this.total === 0) return 0;
    const p = percentile > 100 ? 100 : percentile > 0 ? percentile : 0;
    if (p === 0) return this.minUs;
    const exactRank = (p * this.total) / 100;
    // Forgive rounding noise such as 0.07 · 100 = 7.000000000000001.
    const rank = Math.max(1, Math.min(this.total, Math.ceil(exactRank - exactRank * 1e-12)));
    let seen = 0;
    for (let i = 0; i <= this.highestIndex; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.highestEquivalentValue(i), this.maxUs);
    }
    return this.maxUs;
  }

  /** Adds another histogram's values into this one. Both must have the same precision. */
  merge(other: LatencyHistogram): void {
    if (other.significantDigits !== this.significantDigits) {
      throw new RangeError(`cannot merge a ${other.significantDigits}-digit histogram into a ${this.significantDigits}-digit one`);
    }
    if (other.total === 0) return;
    for (let i = 0; i <= other.highestIndex; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.sum += other.sum;
    if (other.minUs < this.minUs) this.minUs = other.minUs;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
    if (other.highestIndex > this.highestIndex) this.highestIndex = other.highestIndex;
  }

  /** Forgets every value (cost proportional to the highest bucket used, not the array). */
  reset(): void {
    this.counts.fill(0, 0, this.highestIndex + 1);
    this.total = 0;
    this.sum = 0;
    this.minUs = MAX_LATENCY_US;
    this.maxUs = 0;
    this.highestIndex = -1;
  }

  /** The non-empty buckets in increasing order, for charts and JSON. */
  toBuckets(): HistogramBucket[] {
    const buckets: HistogramBucket[] = [];
    for (let i = 0; i <= this.highestIndex; i++) {
      const count = this.counts[i];
      if (count > 0) buckets.push({ upToUs: this.highestEquivalentValue(i), count });
    }
    return buckets;
  }

  private indexOf(value: number): number {
    // HdrHistogram's countsArrayIndex with a unit of 1 µs, on 32-bit unsigned arithmetic.
    const bucket = 32 - this.subBucketMagnitude - Math.clz32(value | this.subBucketMask);
    const subBucket = value >>> bucket;
    return ((bucket + 1) << this.subBucketHalfMagnitude) + subBucket - this.subBucketHalfCount;
  }

  private highestEquivalentValue(index: number): number {
    let bucket = (index >> this.subBucketHalfMagnitude) - 1;
    let subBucket = (index & (this.subBucketHalfCount - 1)) + this.subBucketHalfCount;
    if (bucket < 0) {
      subBucket -= this.subBucketHalfCount;
      bucket = 0;
    }
    const width = 2 ** bucket;
    return subBucket * width + width - 1;
  }
}
