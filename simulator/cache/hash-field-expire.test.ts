import { describe, expect, it } from 'vitest';
import { PROFILES } from './profiles';
import { ESTIMATED_US_PER_EXPIRED_FIELD, HashFieldExpiry } from './hash-field-expire';
import { Mulberry32 } from './testing-rng';

const HFE = PROFILES['redis-7.4'].hashFieldExpiry;

/** Runs serverCron's slow cycles every 1000/hz ms up to `untilMs`; returns fields expired by each tick. */
function run(expiry: HashFieldExpiry, hz: number, untilMs: number): Array<{ at: number; expired: number; emptied: number[] }> {
  const ticks: Array<{ at: number; expired: number; emptied: number[] }> = [];
  for (let at = 0; at <= untilMs; at += 1000 / hz) {
    const emptied = expiry.cycle(at);
    ticks.push({ at, expired: expiry.stats.fieldsExpired, emptied });
  }
  return ticks;
}

describe('hash-field expiration (redis-7.4 field-expiry cycle)', () => {
  it('is only in the redis-7.4 profile, with the 10000 fields/s base budget of expire.c', () => {
    expect(HFE?.activeExpireFieldsPerSecond).toBe(10_000);
    expect(PROFILES['redis-7.0'].hashFieldExpiry).toBeNull();
    expect(PROFILES['valkey-8.0'].hashFieldExpiry).toBeNull();
  });

  it('a simulated run: fields with TTL 1s ± 20 % expire at the first cycle after their time, and emptied hashes are reported', () => {
    const expiry = new HashFieldExpiry(HFE!, 10);
    const rng = new Mulberry32(7);
    const all: number[] = [];
    for (let id = 0; id < 50; id++) {
      const times = Array.from({ length: 8 }, () => 1000 * (0.8 + 0.4 * rng.nextFloat()));
      all.push(...times);
      expiry.setFields(id, times);
    }
    const ticks = run(expiry, 10, 2000);
    for (const tick of ticks) expect(tick.expired).toBe(all.filter((t) => t <= tick.at).length);
    expect(expiry.stats).toMatchObject({ fieldsExpired: 400, hashesEmptied: 50, budgetReached: 0 });
    expect(ticks.flatMap((tick) => tick.emptied).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(expiry.pending).toBe(0);
  });

  it('a burst of due fields is bounded by the cycle: 100,000 fields take 16 cycles at hz 10 (62,500 fields/s; the real 7.4.1 expired ≈ 60,000 fields/s on this machine)', () => {
    const expiry = new HashFieldExpiry(HFE!, 10);
    for (let id = 0; id < 200; id++) expiry.setFields(id, new Array<number>(500).fill(1000));
    const ticks = run(expiry, 10, 3000);
    const perCycle = Math.floor(25_000 / ESTIMATED_US_PER_EXPIRED_FIELD);
    expect(ticks.find((tick) => tick.at === 1000)?.expired).toBe(perCycle);
    const done = ticks.find((tick) => tick.expired === 100_000);
    expect(done?.at).toBe(1000 + 100 * Math.ceil(100_000 / perCycle - 1));
    // Each call stops at 1000 fields (10000/hz); the cycle calls again, up to its time limit.
    expect(expiry.stats.budgetReached).toBeGreaterThanOrEqual(Math.floor(100_000 / 1000) - 16);
    expect(expiry.stats.hashesEmptied).toBe(200);
  });

  it('fields of a deleted or rewritten hash do not expire in its name', () => {
    const expiry = new HashFieldExpiry(HFE!, 10);
    expiry.setFields(1, [100, 200]);
    expiry.setFields(2, [100, 200]);
    expiry.deleteHash(1);
    expiry.setFields(2, [500]);
    expect(expiry.cycle(300)).toEqual([]);
    expect(expiry.stats.fieldsExpired).toBe(0);
    expect(expiry.has(1)).toBe(false);
    expect(expiry.cycle(600)).toEqual([2]);
    expect(expiry.stats).toMatchObject({ fieldsExpired: 1, hashesEmptied: 1 });
  });
});
