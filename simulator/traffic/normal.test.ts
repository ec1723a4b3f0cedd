import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal';

describe('normal distribution helpers', () => {
  it('gives the textbook quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('inverts the CDF across the range', () => {
    for (const p of [1e-6, 0.01, 0.02425, 0.2, 0.5, 0.7, 0.97575, 0.999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    }
  });
});
