import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyPermutation } from './permutation';
import { Rng } from './rng';

describe('KeyPermutation', () => {
  it('is a bijection on [0, n) for any n and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer(), (n, seed) => {
        const permutation = new KeyPermutation(n, new Rng(seed));
        const seen = new Uint8Array(n);
        for (let rank = 0; rank < n; rank++) {
          const id = permutation.apply(rank);
          if (!(Number.isInteger(id) && id >= 0 && id < n) || seen[id]) return false;
          seen[id] = 1;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('spreads consecutive ranks over the whole id range', () => {
    const n = 1_000_000;
    const permutation = new KeyPermutation(n, new Rng(1));
    const ids = Array.from({ length: 100 }, (_, rank) => permutation.apply(rank));
    const gaps = ids.slice(1).map((id, i) => Math.abs(id - ids[i]));
    const adjacent = gaps.filter((gap) => gap < 1000).length;
    expect(adjacent).toBeLessThan(3);
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(n / 2);
  });

  it('depends on the seed', () => {
    const a = new KeyPermutation(1000, new Rng(1));
    const b = new KeyPermutation(1000, new Rng(2));
    const same = Array.from({ length: 100 }, (_, rank) => a.apply(rank) === b.apply(rank)).filter(Boolean).length;
    expect(same).toBeLessThan(5);
  });
});
