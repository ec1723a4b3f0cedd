import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactLimiter } from './exact';
import { FixedWindowLimiter } from './fixed-window';
import { GcraLimiter } from './gcra';
import type { LimiterParams, RateLimiter } from './limiter';
import { SlidingCounterLimiter } from './sliding-counter';
import { SlidingLogLimiter } from './sliding-log';
import { TokenBucketLimiter } from './token-bucket';

/** Arrival times: gaps of 0 (bursts), short, or long (windows roll over), never decreasing. */
const arrivals = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 20, max: 400 }), fc.double({ min: 0, max: 50, noNaN: true })), { minLength: 1, maxLength: 300 })
  .map((gaps) => {
    let t = 0;
    return gaps.map((gap) => (t += gap));
  });
const params: fc.Arbitrary<LimiterParams> = fc.record({ limit: fc.integer({ min: 1, max: 12 }), periodMs: fc.integer({ min: 1, max: 200 }) });

function admittedTimes(limiter: { admit(t: number): boolean }, times: number[]): number[] {
  return times.filter((t) => limiter.admit(t));
}

/** The most admissions in any half-open span (t − period, t] ending at an admission. */
function maxInSlidingWindow(admitted: number[], periodMs: number): number {
  let most = 0;
  for (let end = 0, start = 0; end < admitted.length; end++) {
    while (admitted[start] <= admitted[end] - periodMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Whether every closed span [a, b] between two admissions holds at most burst + (b − a) × rate. */
function withinBurstAndRate(admitted: number[], burst: number, ratePerMs: number): boolean {
  for (let i = 0; i < admitted.length; i++) {
    for (let j = i; j < admitted.length; j++) {
      if (j - i + 1 > burst + (admitted[j] - admitted[i]) * ratePerMs + 1e-9) return false;
    }
  }
  return true;
}

describe('rate-limit algorithms against the exact sliding window', () => {
  it('the exact reference never admits more than limit in any period, and refuses only when full', () => {
    fc.assert(fc.property(params, arrivals, (p, times) => {
      const exact = new ExactLimiter(p);
      for (const t of times) {
        const inWindow = exact.admitted.filter((a) => a > t - p.periodMs).length;
        expect(exact.admit(t)).toBe(inWindow < p.limit);
      }
      expect(maxInSlidingWindow(exact.admitted, p.periodMs)).toBeLessThanOrEqual(p.limit);
    }));
  });

  it('the sliding log decides every request as the exact reference does', () => {
    fc.assert(fc.property(params, arrivals, (p, times) => {
      const log = new SlidingLogLimiter(p);
      const exact = new ExactLimiter(p);
      for (const t of times) expect(log.admit(t)).toBe(exact.admit(t));
    }));
  });

  it('the fixed window admits at most limit per window and at most 2 × limit in any period', () => {
    fc.assert(fc.property(params, arrivals, fc.constantFrom('first-request' as const, 'aligned' as const), (p, times, window) => {
      const admitted = admittedTimes(new FixedWindowLimiter({ ...p, window }), times);
      expect(maxInSlidingWindow(admitted, p.periodMs)).toBeLessThanOrEqual(2 * p.limit);
      if (window === 'aligned') {
        const perWindow = new Map<number, number>();
        for (const t of admitted) {
          const w = t === 0 ? 0 : Math.ceil(t / p.periodMs) - 1;
          perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
        }
        for (const count of perWindow.values()) expect(count).toBeLessThanOrEqual(p.limit);
      }
    }));
  });

  it('a fixed window over its limit at an edge is the 2 × limit case: limit before the edge, limit after', () => {
    const p = { limit: 100, periodMs: 60_000 };
    const times = [...Array(100).fill(59_900), ...Array(100).fill(60_100)];
    const fixed = admittedTimes(new FixedWindowLimiter({ ...p, window: 'aligned' }), times).length;
    const exact = admittedTimes(new ExactLimiter(p), times).length;
    expect(fixed).toBe(200);
    expect(exact).toBe(100);
  });

  it('a fixed window whose EXPIRE was lost refuses its client for good (the race)', () => {
    const limiter = new FixedWindowLimiter({ limit: 2, periodMs: 10, loseExpire: () => true });
    expect([0, 1, 2, 100, 10_000].map((t) => limiter.admit(t))).toEqual([true, true, false, false, false]);
    limiter.reset();
    expect(limiter.admit(10_001)).toBe(true);
  });

  it('the sliding counter admits fewer than limit + 1 + prev × e/period in the period before each admission', () => {
    fc.assert(fc.property(params, arrivals, (p, times) => {
      const counter = new SlidingCounterLimiter(p);
      const admitted: number[] = [];
      for (const t of times) {
        if (!counter.admit(t)) continue;
        admitted.push(t);
        const inSpan = admitted.filter((a) => a > t - p.periodMs).length;
        const elapsed = t - counter.window * p.periodMs;
        expect(counter.previous).toBeLessThanOrEqual(p.limit);
        expect(inSpan).toBeLessThan(p.limit + 1 + (counter.previous * elapsed) / p.periodMs + 1e-9);
      }
      expect(maxInSlidingWindow(admitted, p.periodMs)).toBeLessThanOrEqual(2 * p.limit);
    }));
  });

  it('the token bucket and GCRA admit at most limit + span × limit/period in any span', () => {
    fc.assert(fc.property(params, arrivals, (p, times) => {
      const rate = p.limit / p.periodMs;
      for (const limiter of [new TokenBucketLimiter(p), new GcraLimiter(p)] as RateLimiter[]) {
        const admitted = admittedTimes(limiter, times);
        expect(withinBurstAndRate(admitted, p.limit, rate)).toBe(true);
        expect(maxInSlidingWindow(admitted, p.periodMs)).toBeLessThanOrEqual(2 * p.limit);
      }
    }));
  });

  it('token bucket and GCRA let a burst of limit through at once, then one request per period/limit', () => {
    const p = { limit: 5, periodMs: 100 };
    for (const limiter of [new TokenBucketLimiter(p), new GcraLimiter(p)] as RateLimiter[]) {
      const burst = Array.from({ length: 8 }, () => limiter.admit(0));
      expect(burst.filter(Boolean)).toHaveLength(5);
      expect(limiter.admit(19)).toBe(false);
      expect(limiter.admit(20)).toBe(true);
    }
  });

  it('every algorithm admits everything a client sends under its limit, evenly spaced', () => {
    fc.assert(fc.property(params, fc.integer({ min: 1, max: 60 }), (p, count) => {
      // Just over period/limit apart: Redis keeps a key until now > its expiry, so a fixed window
      // opened at t still counts a request at exactly t + period.
      const spacing = p.periodMs / p.limit + 0.5;
      const times = Array.from({ length: count }, (_, i) => i * spacing);
      for (const limiter of [new FixedWindowLimiter(p), new SlidingLogLimiter(p), new TokenBucketLimiter(p), new GcraLimiter(p)] as RateLimiter[]) {
        expect(admittedTimes(limiter, times)).toHaveLength(count);
      }
    }));
  });
});
