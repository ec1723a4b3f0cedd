import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeySampler } from './key-sampler';
import type { KeySkew } from './key-sampler';
import { Rng } from './rng';

/** Pearson's statistic, pooling the smallest expectations so every bin expects ≥ 20. */
function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): { statistic: number; bins: number } {
  let statistic = 0;
  let bins = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (let i = 0; i < observed.length; i++) {
    pooledObserved += observed[i];
    pooledExpected += expected[i];
    if (pooledExpected >= 20) {
      statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      bins++;
      pooledObserved = 0;
      pooledExpected = 0;
    }
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    bins++;
  }
  return { statistic, bins };
}

/** The chi-square critical value at p = 0.001 (Wilson–Hilferty). */
function criticalValue(degreesOfFreedom: number): number {
  const k = degreesOfFreedom;
  return k * (1 - 2 / (9 * k) + 3.09 * Math.sqrt(2 / (9 * k))) ** 3;
}

function zipfPmf(n: number, alpha: number): Float64Array {
  const pmf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += pmf[k] = (k + 1) ** -alpha;
  for (let k = 0; k < n; k++) pmf[k] /= sum;
  return pmf;
}

/** Σ_{k=1..n} k^-alpha by Euler–Maclaurin past the first thousand terms. */
function generalizedHarmonic(n: number, alpha: number): number {
  const m = 1000;
  let sum = 0;
  for (let k = 1; k < m; k++) sum += k ** -alpha;
  const integral = alpha === 1 ? Math.log(n / m) : (n ** (1 - alpha) - m ** (1 - alpha)) / (1 - alpha);
  return sum + integral + (m ** -alpha + n ** -alpha) / 2 + (alpha / 12) * (m ** (-alpha - 1) - n ** (-alpha - 1));
}

describe('createKeySampler', () => {
  for (const alpha of [0.8, 1.0, 1.2]) {
    it(`draws zipf(${alpha}) ranks with the theoretical frequencies, head and tail (chi-square over 50 000 keys)`, () => {
      const n = 50_000;
      const samples = 400_000;
      const sampler = createKeySampler({ kind: 'zipf', alpha }, n, new Rng(alpha * 10), { scatter: false });
      const observed = new Float64Array(n);
      for (let i = 0; i < samples; i++) observed[sampler.next()]++;
      const expected = zipfPmf(n, alpha).map((p) => p * samples);
      const { statistic, bins } = chiSquare(observed, expected);
      expect(statistic).toBeLessThan(criticalValue(bins - 1));
      expect(observed[0] / samples).toBeCloseTo(expected[0] / samples, 2);
      // Past the first 4096 ranks the sampler switches method; the tail's share must still be exact.
      const tailObserved = observed.subarray(4096).reduce((a, b) => a + b, 0);
      const tailExpected = expected.subarray(4096).reduce((a, b) => a + b, 0);
      expect(Math.abs(tailObserved - tailExpected)).toBeLessThan(4 * Math.sqrt(tailExpected));
    });
  }

  it('draws zipf over 10^8 keys in range, with the hottest key at its theoretical share', () => {
    const n = 1e8;
    const alpha = 0.99;
    const samples = 300_000;
    const sampler = createKeySampler({ kind: 'zipf', alpha }, n, new Rng(9), { scatter: false });
    let top = 0;
    let second = 0;
    let outside = 0;
    for (let i = 0; i < samples; i++) {
      const id = sampler.next();
      if (!(id >= 0 && id < n)) outside++;
      if (id === 0) top++;
      else if (id === 1) second++;
    }
    expect(outside).toBe(0);
    const harmonic = generalizedHarmonic(n, alpha);
    const pTop = 1 / harmonic;
    const tolerance = 4 * Math.sqrt(pTop / samples);
    expect(Math.abs(top / samples - pTop)).toBeLessThan(tolerance);
    expect(Math.abs(second / samples - 2 ** -alpha / harmonic)).toBeLessThan(tolerance);
  });

  it('scatters zipf ranks over ids without changing the frequencies of the ranks', () => {
    const n = 10_000;
    const plain = createKeySampler({ kind: 'zipf', alpha: 1 }, n, new Rng(4), { scatter: false });
    const scattered = createKeySampler({ kind: 'zipf', alpha: 1 }, n, new Rng(4));
    const pairs = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const rank = plain.next();
      const id = scattered.next();
      // The same draws in the same order: scattering is a fixed map from rank to id.
      expect(pairs.get(rank) ?? id).toBe(id);
      pairs.set(rank, id);
    }
    expect(pairs.get(0)).not.toBe(0);
    expect(new Set(pairs.values()).size).toBe(pairs.size);
  });

  it('draws gaussian ids centred on the middle with the stated spread', () => {
    const n = 100_000;
    const sampler = createKeySampler({ kind: 'gaussian', stddevFraction: 0.1 }, n, new Rng(2));
    const samples = 200_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < samples; i++) {
      const id = sampler.next();
      sum += id;
      sumSquares += id * id;
    }
    const mean = sum / samples;
    const stddev = Math.sqrt(sumSquares / samples - mean * mean);
    expect(Math.abs(mean - n / 2)).toBeLessThan(0.005 * n);
    expect(Math.abs(stddev - 0.1 * n) / (0.1 * n)).toBeLessThan(0.01);
  });

  it('keeps a wide gaussian inside the keyspace (truncated, not piled up at the edges)', () => {
    const n = 1000;
    const sampler = createKeySampler({ kind: 'gaussian', stddevFraction: 2 }, n, new Rng(2));
    const counts = new Float64Array(n);
    for (let i = 0; i < 100_000; i++) counts[sampler.next()]++;
    expect(counts[0]).toBeLessThan(3 * (100_000 / n));
    expect(counts[n - 1]).toBeLessThan(3 * (100_000 / n));
  });

  it('sends the hot share of requests to the hot share of keys', () => {
    const n = 10_000;
    const sampler = createKeySampler(
      { kind: 'hotspot', hotKeysFraction: 0.01, hotRequestsFraction: 0.9 },
      n,
      new Rng(8),
      { scatter: false },
    );
    const samples = 200_000;
    const counts = new Float64Array(n);
    for (let i = 0; i < samples; i++) counts[sampler.next()]++;
    const hotCounts = counts.subarray(0, 100);
    const hot = hotCounts.reduce((a, b) => a + b, 0);
    expect(hot / samples).toBeCloseTo(0.9, 2);
    // Within each group, requests are even: every hot key gets about 0.9 · samples / 100.
    for (const count of hotCounts) expect(Math.abs(count - 1800)).toBeLessThan(4 * Math.sqrt(1800));
    const coldMean = (samples - hot) / (n - 100);
    expect(Math.max(...counts.subarray(100))).toBeLessThan(coldMean * 6);
  });

  it('draws uniform ids evenly', () => {
    const n = 50;
    const sampler = createKeySampler({ kind: 'uniform' }, n, new Rng(1));
    const observed = new Float64Array(n);
    for (let i = 0; i < 100_000; i++) observed[sampler.next()]++;
    const { statistic, bins } = chiSquare(observed, new Float64Array(n).fill(100_000 / n));
    expect(statistic).toBeLessThan(criticalValue(bins - 1));
  });

  it('always returns an integer id in [0, n), for every skew', () => {
    const skew: fc.Arbitrary<KeySkew> = fc.oneof(
      fc.record({ kind: fc.constant('zipf' as const), alpha: fc.double({ min: 0.01, max: 3, noNaN: true }) }),
      fc.record({ kind: fc.constant('uniform' as const) }),
      fc.record({ kind: fc.constant('gaussian' as const), stddevFraction: fc.double({ min: 0.0001, max: 10, noNaN: true }) }),
      fc.record({
        kind: fc.constant('hotspot' as const),
        hotKeysFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        hotRequestsFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(skew, fc.integer({ min: 1, max: 2 ** 31 }), fc.integer(), fc.boolean(), (s, n, seed, scatter) => {
        const sampler = createKeySampler(s, n, new Rng(seed), { scatter });
        for (let i = 0; i < 50; i++) {
          const id = sampler.next();
          if (!(Number.isInteger(id) && id >= 0 && id < n)) return false;
        }
        return true;
      }),
    );
  });

  it('rejects invalid parameters, naming the field and what would be valid', () => {
    const rng = new Rng(1);
    expect(() => createKeySampler({ kind: 'zipf', alpha: 0 }, 10, rng)).toThrow(/zipf\.alpha = 0 .* above 0/);
    expect(() => createKeySampler({ kind: 'gaussian', stddevFraction: -1 }, 10, rng)).toThrow(/stddevFraction/);
    expect(() => createKeySampler({ kind: 'hotspot', hotKeysFraction: 2, hotRequestsFraction: 0.5 }, 10, rng)).toThrow(
      /hotKeysFraction = 2 .* from 0 to 1/,
    );
    expect(() => createKeySampler({ kind: 'uniform' }, 0, rng)).toThrow(/key count 0/);
  });
});
