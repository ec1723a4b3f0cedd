import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, MAX_LATENCY_US } from './histogram';

/** The obvious reference: the smallest value with at least p % of the values at or below it. */
function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Latencies spread over many decades (log-uniform), as real latencies are. */
const latencies = fc.array(
  fc.double({ min: 0, max: Math.log(3.6e9), noNaN: true }).map((x) => Math.floor(Math.exp(x))),
  { minLength: 1, maxLength: 2000 },
);

describe('LatencyHistogram', () => {
  for (const significantDigits of [2, 3] as const) {
    const exactBelow = significantDigits === 3 ? 2048 : 256;
    it(`reports percentiles within 1 % of the exact ones, never below them (${significantDigits} digits)`, () => {
      fc.assert(
        fc.property(latencies, fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 10 }), (values, ps) => {
          const histogram = new LatencyHistogram({ significantDigits });
          for (const v of values) histogram.record(v);
          const sorted = [...values].sort((a, b) => a - b);
          for (const p of [...ps, 50, 90, 99, 99.9, 100]) {
            const exact = exactPercentile(sorted, p);
            const reported = histogram.valueAtPercentile(p);
            if (reported < exact) return false;
            if (exact < exactBelow && reported !== exact) return false;
            if (exact >= 100 && (reported - exact) / exact > 0.01) return false;
          }
          return true;
        }),
      );
    });
  }

  it('keeps count, min, max and mean exact', () => {
    const histogram = new LatencyHistogram();
    for (const v of [120, 5, 3_000_000, 77]) histogram.record(v);
    expect(histogram.count).toBe(4);
    expect(histogram.min).toBe(5);
    expect(histogram.max).toBe(3_000_000);
    expect(histogram.mean).toBe((120 + 5 + 3_000_000 + 77) / 4);
    expect(histogram.valueAtPercentile(100)).toBe(3_000_000);
    expect(histogram.valueAtPercentile(0)).toBe(5);
  });

  it('reports zeros when empty', () => {
    const histogram = new LatencyHistogram();
    expect([histogram.count, histogram.min, histogram.max, histogram.mean, histogram.valueAtPercentile(99)]).toEqual([0, 0, 0, 0, 0]);
    expect(histogram.toBuckets()).toEqual([]);
  });

  it('records an hour and beyond, rounds fractions, and counts negatives and NaN as zero', () => {
    const histogram = new LatencyHistogram();
    histogram.record(3_600_000_000);
    expect(histogram.valueAtPercentile(100)).toBe(3_600_000_000);
    expect(Math.abs(histogram.valueAtPercentile(50) - 3.6e9) / 3.6e9).toBeLessThan(0.001);
    histogram.record(1e12);
    expect(histogram.max).toBe(MAX_LATENCY_US);
    const small = new LatencyHistogram();
    small.record(-5);
    small.record(Number.NaN);
    small.record(2.6);
    expect([small.min, small.max, small.count]).toEqual([0, 3, 3]);
  });

  it('records many at once exactly as one at a time', () => {
    const once = new LatencyHistogram();
    const many = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) once.record(4321);
    many.recordMany(4321, 1000);
    many.recordMany(99, 0);
    expect(many.toBuckets()).toEqual(once.toBuckets());
    expect([many.count, many.mean]).toEqual([once.count, once.mean]);
  });

  it('merges into the same histogram as recording everything in one', () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        const left = new LatencyHistogram();
        const right = new LatencyHistogram();
        const both = new LatencyHistogram();
        for (const v of a) {
          left.record(v);
          both.record(v);
        }
        for (const v of b) {
          right.record(v);
          both.record(v);
        }
        left.merge(right);
        expect(left.toBuckets()).toEqual(both.toBuckets());
        expect([left.count, left.min, left.max, left.mean]).toEqual([both.count, both.min, both.max, both.mean]);
        expect(left.valueAtPercentile(99)).toBe(both.valueAtPercentile(99));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses to merge histograms of different precision', () => {
    expect(() => new LatencyHistogram().merge(new LatencyHistogram({ significantDigits: 2 }))).toThrow(/2-digit .* 3-digit/);
  });

  it('forgets everything on reset', () => {
    const histogram = new LatencyHistogram();
    histogram.record(1_000_000);
    histogram.reset();
    histogram.record(10);
    expect([histogram.count, histogram.min, histogram.max, histogram.valueAtPercentile(100)]).toEqual([1, 10, 10, 10]);
  });

  it('round-trips through compact buckets for JSON', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) histogram.record(i * 37);
    const buckets = JSON.parse(JSON.stringify(histogram.toBuckets()));
    expect(buckets.length).toBeLessThan(histogram.count);
    expect(buckets.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(10_000);
    const restored = LatencyHistogram.fromBuckets(buckets);
    expect(restored.toBuckets()).toEqual(buckets);
    for (const p of [1, 50, 99, 99.99]) {
      const original = histogram.valueAtPercentile(p);
      expect(restored.valueAtPercentile(p)).toBeGreaterThanOrEqual(original);
      expect(restored.valueAtPercentile(p)).toBeLessThanOrEqual(original * 1.001);
    }
  });
});
