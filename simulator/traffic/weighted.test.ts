import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { WeightedChoice } from './weighted';

describe('WeightedChoice', () => {
  it('chooses each item in proportion to its weight', () => {
    const weights = [5, 1, 0, 3, 1];
    const choice = new WeightedChoice(weights, new Rng(1));
    const counts = new Array<number>(weights.length).fill(0);
    const samples = 200_000;
    for (let i = 0; i < samples; i++) counts[choice.next()]++;
    weights.forEach((w, i) => expect(counts[i] / samples).toBeCloseTo(w / 10, 2));
    expect(counts[2]).toBe(0);
  });

  it('never chooses a zero-weight item and always returns an index in range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 40 }),
        fc.integer(),
        (weights, seed) => {
          fc.pre(weights.some((w) => w > 0));
          const choice = new WeightedChoice(weights, new Rng(seed));
          for (let i = 0; i < 200; i++) {
            const index = choice.next();
            if (!(index >= 0 && index < weights.length) || !(weights[index] > 0)) return false;
          }
          return true;
        },
      ),
    );
  });

  it('rejects no items, negative weights and an all-zero list', () => {
    const rng = new Rng(1);
    expect(() => new WeightedChoice([], rng)).toThrow(RangeError);
    expect(() => new WeightedChoice([1, -1], rng)).toThrow(/weight\[1\] = -1/);
    expect(() => new WeightedChoice([0, 0], rng)).toThrow(/positive/);
  });
});
