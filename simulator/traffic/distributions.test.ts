import { describe, expect, it } from 'vitest';
import { createNumberSampler, distMean, distQuantile } from './distributions';
import type { NumberDist } from './distributions';
import { Rng } from './rng';

function sample(dist: NumberDist, count: number, seed = 1): Float64Array {
  const sampler = createNumberSampler(dist, new Rng(seed));
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = sampler.next();
  return values.sort();
}

function mean(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const cases: Array<{ name: string; dist: NumberDist }> = [
  { name: 'fixed', dist: { kind: 'fixed', value: 512 } },
  { name: 'uniform', dist: { kind: 'uniform', min: 100, max: 900 } },
  { name: 'normal', dist: { kind: 'normal', mean: 1000, stddev: 200 } },
  { name: 'normal clamped at its min', dist: { kind: 'normal', mean: 50, stddev: 100, min: 10 } },
  { name: 'normal clamped at zero', dist: { kind: 'normal', mean: 0, stddev: 5 } },
  { name: 'lognormal', dist: { kind: 'lognormal', median: 2, p99: 40 } },
  { name: 'exponential', dist: { kind: 'exponential', mean: 3 } },
];

describe('createNumberSampler', () => {
  for (const { name, dist } of cases) {
    it(`samples a ${name} distribution with the mean and quantiles that distMean and distQuantile report`, () => {
      const values = sample(dist, 200_000);
      const expectedMean = distMean(dist);
      const spread = Math.max(1e-9, distQuantile(dist, 0.75) - distQuantile(dist, 0.25));
      expect(Math.abs(mean(values) - expectedMean)).toBeLessThan(0.02 * spread + 1e-9);
      for (const q of [0.1, 0.5, 0.9, 0.99]) {
        expect(Math.abs(quantile(values, q) - distQuantile(dist, q))).toBeLessThan(0.03 * spread + 1e-9 + 0.02 * distQuantile(dist, q));
      }
      expect(values[0]).toBeGreaterThanOrEqual(0);
    });
  }

  it('gives a lognormal exactly the median and p99 it was described with', () => {
    const dist: NumberDist = { kind: 'lognormal', median: 1.5, p99: 25 };
    expect(distQuantile(dist, 0.5)).toBeCloseTo(1.5, 9);
    expect(distQuantile(dist, 0.99)).toBeCloseTo(25, 6);
  });

  it('never returns less than a normal distribution\'s min', () => {
    const values = sample({ kind: 'normal', mean: 0, stddev: 1000, min: 64 }, 10_000);
    expect(values[0]).toBe(64);
    expect(distQuantile({ kind: 'normal', mean: 0, stddev: 1000, min: 64 }, 0.1)).toBe(64);
  });

  it('gives the same values for the same seed', () => {
    const dist: NumberDist = { kind: 'exponential', mean: 10 };
    expect(sample(dist, 100, 5)).toEqual(sample(dist, 100, 5));
  });

  it('rejects invalid parameters, naming the field and what would be valid', () => {
    const rng = new Rng(1);
    expect(() => createNumberSampler({ kind: 'uniform', min: 10, max: 5 }, rng)).toThrow(/uniform\.max = 5 .* ≥ min \(10\)/);
    expect(() => createNumberSampler({ kind: 'lognormal', median: 0, p99: 5 }, rng)).toThrow(/lognormal\.median/);
    expect(() => createNumberSampler({ kind: 'lognormal', median: 10, p99: 5 }, rng)).toThrow(/p99/);
    expect(() => createNumberSampler({ kind: 'fixed', value: -1 }, rng)).toThrow(/fixed\.value = -1/);
    expect(() => createNumberSampler({ kind: 'normal', mean: 1, stddev: Number.NaN }, rng)).toThrow(/stddev/);
    expect(() => distQuantile({ kind: 'fixed', value: 1 }, 1.5)).toThrow(/quantile 1.5/);
  });
});
