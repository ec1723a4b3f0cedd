import { describe, expect, it } from 'vitest';
import { TimeWeightedGauge, WindowedRate } from './counters';

describe('WindowedRate', () => {
  it('measures a steady stream at its rate', () => {
    const rate = new WindowedRate(1000, 10);
    for (let t = 0; t < 5000; t += 0.5) rate.add(t);
    expect(rate.ratePerSec(5000)).toBeCloseTo(2000, -1);
    expect(rate.total).toBe(10_000);
  });

  it('uses the elapsed time while the run is younger than the window', () => {
    const rate = new WindowedRate(10_000, 10);
    rate.add(100, 50);
    expect(rate.ratePerSec(500)).toBeCloseTo(100, 6);
  });

  it('forgets events once they leave the window', () => {
    const rate = new WindowedRate(1000, 4);
    rate.add(100, 1000);
    expect(rate.ratePerSec(900)).toBeGreaterThan(0);
    expect(rate.ratePerSec(1300)).toBe(0);
    rate.add(60_000, 5);
    expect(rate.ratePerSec(60_000)).toBeGreaterThan(0);
  });
});

describe('TimeWeightedGauge', () => {
  it('averages a level over time and keeps its peak', () => {
    const inFlight = new TimeWeightedGauge();
    inFlight.add(0, 1); // 1 from 0 to 10
    inFlight.add(10, 2); // 3 from 10 to 20
    inFlight.add(20, -3); // 0 from 20 to 40
    expect(inFlight.mean(40)).toBeCloseTo((1 * 10 + 3 * 10) / 40, 9);
    expect(inFlight.max).toBe(3);
    expect(inFlight.value).toBe(0);
  });

  it('starts a fresh window on reset, keeping the current level', () => {
    const queue = new TimeWeightedGauge();
    queue.set(0, 10);
    queue.set(5, 4);
    queue.reset(10);
    expect(queue.max).toBe(4);
    expect(queue.mean(20)).toBe(4);
    expect(queue.mean(20)).toBe(4);
  });
});
