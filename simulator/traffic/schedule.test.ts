import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { ArrivalSchedule, expectedRequests, rateAtPerSec } from './schedule';
import type { PhaseShape } from './schedule';

function arrivals(schedule: ArrivalSchedule): number[] {
  const times: number[] = [];
  for (let t = schedule.next(); t !== Infinity; t = schedule.next()) times.push(t);
  return times;
}

const shapeArbitrary: fc.Arbitrary<PhaseShape> = fc.oneof(
  fc.record({ kind: fc.constant('steady' as const), ratePerSec: fc.double({ min: 0, max: 5000, noNaN: true }) }),
  fc.record({
    kind: fc.constant('ramp' as const),
    fromPerSec: fc.double({ min: 0, max: 5000, noNaN: true }),
    toPerSec: fc.double({ min: 0, max: 5000, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('spike' as const),
    basePerSec: fc.double({ min: 0, max: 2000, noNaN: true }),
    peakPerSec: fc.double({ min: 0, max: 8000, noNaN: true }),
    atFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    widthFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

describe('ArrivalSchedule', () => {
  it('spaces a steady phase evenly at its rate', () => {
    const times = arrivals(new ArrivalSchedule({ kind: 'steady', ratePerSec: 1000 }, 1000));
    expect(times.length).toBe(1000);
    expect(times[0]).toBeCloseTo(0.5, 9);
    expect(times[999]).toBeCloseTo(999.5, 9);
  });

  it('yields as many requests as the integral of the rate, within one, for any shape', () => {
    fc.assert(
      fc.property(shapeArbitrary, fc.double({ min: 0, max: 10_000, noNaN: true }), (shape, durationMs) => {
        const times = arrivals(new ArrivalSchedule(shape, durationMs));
        const expected = expectedRequests(shape, durationMs);
        if (Math.abs(times.length - expected) > 1) return false;
        for (let i = 0; i < times.length; i++) {
          if (!(times[i] >= 0 && times[i] <= durationMs)) return false;
          if (i > 0 && times[i] < times[i - 1]) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('shortens the spacing steadily through an upward ramp', () => {
    const times = arrivals(new ArrivalSchedule({ kind: 'ramp', fromPerSec: 100, toPerSec: 10_000 }, 2000));
    expect(times.length).toBe(expectedRequests({ kind: 'ramp', fromPerSec: 100, toPerSec: 10_000 }, 2000));
    for (let i = 2; i < times.length; i++) expect(times[i] - times[i - 1]).toBeLessThanOrEqual(times[i - 1] - times[i - 2] + 1e-9);
  });

  it('lengthens the spacing through a downward ramp to zero', () => {
    const times = arrivals(new ArrivalSchedule({ kind: 'ramp', fromPerSec: 5000, toPerSec: 0 }, 1000));
    expect(times.length).toBe(2500);
    for (let i = 2; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(times[i - 1] - times[i - 2] - 1e-9);
  });

  it('puts a spike\'s extra requests inside its window', () => {
    const shape: PhaseShape = { kind: 'spike', basePerSec: 100, peakPerSec: 10_000, atFraction: 0.5, widthFraction: 0.1 };
    const times = arrivals(new ArrivalSchedule(shape, 10_000));
    const inSpike = times.filter((t) => t >= 5000 && t < 6000).length;
    expect(expectedRequests(shape, 10_000)).toBeCloseTo(900 + 10_000, 9);
    expect(inSpike).toBe(10_000);
    expect(times.length).toBe(10_900);
  });

  it('draws Poisson arrivals with the shape\'s mean count, reproducibly', () => {
    const shape: PhaseShape = { kind: 'ramp', fromPerSec: 0, toPerSec: 20_000 };
    const first = arrivals(new ArrivalSchedule(shape, 1000, { poisson: true, rng: new Rng(3) }));
    const again = arrivals(new ArrivalSchedule(shape, 1000, { poisson: true, rng: new Rng(3) }));
    expect(again).toEqual(first);
    expect(Math.abs(first.length - 10_000)).toBeLessThan(4 * Math.sqrt(10_000));
    const gaps = first.slice(1).map((t, i) => t - first[i]);
    expect(new Set(gaps.map((g) => g.toFixed(6))).size).toBeGreaterThan(gaps.length / 2);
  });

  it('reports the rate at a point in the phase, for charts', () => {
    const spike: PhaseShape = { kind: 'spike', basePerSec: 10, peakPerSec: 99, atFraction: 0.2, widthFraction: 0.1 };
    expect(rateAtPerSec(spike, 1000, 250)).toBe(99);
    expect(rateAtPerSec(spike, 1000, 300)).toBe(10);
    expect(rateAtPerSec({ kind: 'ramp', fromPerSec: 0, toPerSec: 100 }, 1000, 250)).toBe(25);
  });

  it('rejects negative rates, fractions outside 0..1 and Poisson without an rng', () => {
    expect(() => new ArrivalSchedule({ kind: 'steady', ratePerSec: -1 }, 1000)).toThrow(/steady\.ratePerSec = -1/);
    expect(() =>
      new ArrivalSchedule({ kind: 'spike', basePerSec: 1, peakPerSec: 2, atFraction: 1.5, widthFraction: 0.1 }, 1000),
    ).toThrow(/atFraction = 1.5 .* from 0 to 1/);
    expect(() => new ArrivalSchedule({ kind: 'steady', ratePerSec: 1 }, 1000, { poisson: true })).toThrow(/rng/);
  });
});
