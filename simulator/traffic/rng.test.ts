import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

function draw(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextU32());
}

describe('Rng', () => {
  it('gives the same sequence for the same seed, whether a number or a string', () => {
    expect(draw(new Rng(42), 100)).toEqual(draw(new Rng(42), 100));
    expect(draw(new Rng('checkout'), 100)).toEqual(draw(new Rng('checkout'), 100));
  });

  it('keeps the sequence for a given seed stable across releases (runs are reproducible bit for bit)', () => {
    expect(draw(new Rng(42), 3)).toEqual([3786622671, 3226812951, 1052231431]);
    expect(draw(new Rng('checkout-demo'), 2)).toEqual([1857087729, 1286976532]);
    expect(new Rng(42).fork('users').nextU32()).toBe(2962388605);
  });

  it('gives unrelated sequences for nearby, negative, large and fractional seeds', () => {
    const seeds: Array<number | string> = [0, 1, 2, -1, 2 ** 32, 2 ** 40 + 1, 0.5, '0', '1'];
    const firsts = seeds.map((seed) => draw(new Rng(seed), 4).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('rejects a non-finite seed with a message naming valid seeds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/integer .* or a string/);
  });

  it('forks by label alone: the child ignores how far the parent has run and does not advance it', () => {
    const parent = new Rng(7);
    const early = draw(parent.fork('users'), 10);
    draw(parent, 1000);
    const late = draw(parent.fork('users'), 10);
    expect(late).toEqual(early);

    const a = new Rng(7);
    const b = new Rng(7);
    a.fork('orders');
    expect(draw(a, 10)).toEqual(draw(b, 10));
  });

  it('forks different labels and different parents into different streams', () => {
    const root = new Rng(7);
    const streams = [root.fork('users'), root.fork('orders'), root.fork('users').fork('x'), new Rng(8).fork('users')];
    const firsts = streams.map((rng) => draw(rng, 4).join(','));
    expect(new Set(firsts).size).toBe(streams.length);
  });

  it('resumes exactly from a saved state', () => {
    const rng = new Rng('resume');
    draw(rng, 17);
    const saved = rng.state();
    const expected = draw(rng, 50);
    const restored = Rng.fromState(JSON.parse(JSON.stringify(saved)));
    expect(draw(restored, 50)).toEqual(expected);
    expect(restored.fork('a').nextU32()).toBe(new Rng('resume').fork('a').nextU32());
  });

  it('draws floats in [0, 1) with a mean of one half', () => {
    const rng = new Rng(3);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('sets every bit of nextU32 half of the time', () => {
    const rng = new Rng(11);
    const ones = new Array<number>(32).fill(0);
    const count = 50_000;
    for (let i = 0; i < count; i++) {
      const x = rng.nextU32();
      for (let bit = 0; bit < 32; bit++) ones[bit] += (x >>> bit) & 1;
    }
    for (const n of ones) expect(Math.abs(n / count - 0.5)).toBeLessThan(0.01);
  });

  it('draws nextInt(n) within [0, n) for any n up to 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.integer(), (n, seed) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const x = rng.nextInt(n);
          if (!(Number.isInteger(x) && x >= 0 && x < n)) return false;
        }
        return true;
      }),
    );
  });

  it('draws nextInt(6) uniformly (chi-square, 5 degrees of freedom)', () => {
    const rng = new Rng(5);
    const counts = new Array<number>(6).fill(0);
    const total = 60_000;
    for (let i = 0; i < total; i++) counts[rng.nextInt(6)]++;
    const chiSquare = counts.reduce((acc, c) => acc + (c - total / 6) ** 2 / (total / 6), 0);
    expect(chiSquare).toBeLessThan(20.5); // p = 0.001
  });

  it('rejects nextInt outside 1..2^32', () => {
    const rng = new Rng(1);
    expect(() => rng.nextInt(0)).toThrow(RangeError);
    expect(() => rng.nextInt(1.5)).toThrow(RangeError);
    expect(() => rng.nextInt(2 ** 32 + 1)).toThrow(RangeError);
  });
});
