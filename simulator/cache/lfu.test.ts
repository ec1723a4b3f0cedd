import { describe, expect, it } from 'vitest';
import { LFU_INIT_VAL, lfuDecayedCounter, lfuField, lfuLogIncrement, lfuMinutesElapsed, lfuTimeInMinutes } from './lfu';
import { Mulberry32 } from './testing-rng';

/** The counter of a new key after `hits` accesses with lfu-log-factor `logFactor`. */
function counterAfter(hits: number, logFactor: number, seed: number): number {
  const rng = new Mulberry32(seed);
  let counter = LFU_INIT_VAL;
  for (let i = 0; i < hits; i++) counter = lfuLogIncrement(counter, rng.nextFloat(), logFactor);
  return counter;
}

describe('lfu', () => {
  it('grows the counter logarithmically, as the lfu-log-factor 10 row of redis.conf shows', () => {
    // redis.conf: 100 hits → 10, 1K → 18, 100K → 142, 1M → 255. The table was measured (and
    // predates LFU_INIT_VAL), so compare the mean over 20 seeds with a few counts of slack.
    const meanCounter = (hits: number) => {
      let sum = 0;
      for (let seed = 1; seed <= 20; seed++) sum += counterAfter(hits, 10, seed);
      return sum / 20;
    };
    expect(Math.abs(meanCounter(100) - 10)).toBeLessThanOrEqual(1);
    expect(Math.abs(meanCounter(1000) - 18)).toBeLessThanOrEqual(2.5);
    expect(Math.abs(meanCounter(100_000) - 142)).toBeLessThanOrEqual(6);
    expect(counterAfter(1_000_000, 10, 1)).toBe(255);
  });

  it('increments every time while the counter is at or below LFU_INIT_VAL', () => {
    expect(lfuLogIncrement(0, 0.999, 10)).toBe(1);
    expect(lfuLogIncrement(LFU_INIT_VAL, 0.999, 10)).toBe(LFU_INIT_VAL + 1);
    expect(lfuLogIncrement(255, 0, 10)).toBe(255);
  });

  it('decays by one per lfu-decay-time minutes elapsed, a subtraction not a halving', () => {
    const field = lfuField(100, 40);
    expect(lfuDecayedCounter(field, 100, 1)).toBe(40);
    expect(lfuDecayedCounter(field, 110, 1)).toBe(30);
    expect(lfuDecayedCounter(field, 110, 2)).toBe(35);
    expect(lfuDecayedCounter(field, 200, 1)).toBe(0);
    expect(lfuDecayedCounter(field, 200, 0)).toBe(40);
  });

  it('counts minutes on a 16-bit clock that wraps', () => {
    expect(lfuTimeInMinutes(65536 * 60_000 + 120_000)).toBe(2);
    expect(lfuMinutesElapsed(65530, 2)).toBe(7);
  });
});
