import { describe, expect, it } from 'vitest';
import { cdfPoints, hitRatioAt, latencyAtShare } from './curve-read';

describe('reading the latency CDF', () => {
  const points = cdfPoints([{ upToMs: 1, count: 50 }, { upToMs: 10, count: 40 }, { upToMs: 100, count: 10 }]);

  it('given a histogram, then each bucket bound carries the share of samples at or below it', () => {
    expect(points).toEqual([{ ms: 1, share: 0.5 }, { ms: 10, share: 0.9 }, { ms: 100, share: 1 }]);
    expect(cdfPoints([])).toEqual([]);
    expect(cdfPoints([{ upToMs: 5, count: 0 }])).toEqual([]);
  });

  it('given a share between two buckets, then the latency is on the drawn segment, on the log scale', () => {
    expect(latencyAtShare(points, 0.9)).toBeCloseTo(10, 9);
    // Halfway from 50 % to 90 % is halfway from 1 ms to 10 ms on a log axis: √10 ms.
    expect(latencyAtShare(points, 0.7)).toBeCloseTo(Math.sqrt(10), 9);
    expect(latencyAtShare(points, 0.95)).toBeCloseTo(Math.sqrt(1000), 9);
  });

  it('given a share at or below the first bucket, then its bound; with no samples, nothing', () => {
    expect(latencyAtShare(points, 0.2)).toBe(1);
    expect(latencyAtShare(points, 1)).toBeCloseTo(100, 9);
    expect(latencyAtShare([], 0.5)).toBeNull();
  });
});

describe('reading the miss-ratio curve', () => {
  const curve = [{ maxmemoryBytes: 100, hitRatio: 0.5 }, { maxmemoryBytes: 300, hitRatio: 0.9 }];

  it('given a size between two points, then the hit ratio on the straight segment between them', () => {
    expect(hitRatioAt(curve, 200)).toBeCloseTo(0.7, 9);
    expect(hitRatioAt(curve, 300)).toBeCloseTo(0.9, 9);
  });

  it('given a size below the first point, then on the segment from 0 bytes and 0 %', () => {
    expect(hitRatioAt(curve, 50)).toBeCloseTo(0.25, 9);
    expect(hitRatioAt(curve, 0)).toBe(0);
  });

  it('given a size past the last point, or no curve, then nothing', () => {
    expect(hitRatioAt(curve, 301)).toBeNull();
    expect(hitRatioAt([], 10)).toBeNull();
  });
});
