/**
 * Sliding-window counter: two fixed windows, weighted. A hash holds the count of the current
 * aligned window and of the previous one; a request at elapsed time e into the current window is
 * admitted while `previous × (1 − e/period) + current < limit` (HINCRBY then, and PEXPIRE for two
 * periods). Only admitted requests are counted. This class decides exactly as SLIDING_COUNTER_LUA
 * (commands.ts) and holds what its hash holds, stale fields dropped as the script drops them. It assumes the previous window's requests were
 * spread evenly; they were not when they came in a burst.
 *
 * Bound (derived here, checked by the property test): for an admission at t, e into window k whose
 * previous window admitted `prev` (≤ limit), the requests admitted in (t − period, t] number fewer
 * than `limit + 1 + prev × e/period`. Proof: the last admission saw `current − 1 + prev(1 − e/P) <
 * limit`, and the part of window k−1 inside the span holds at most `prev`. So at most 2 × limit,
 * approached only when window k−1's requests came at its very end and window k's at its very end.
 * Refusals it makes wrongly come from the other side: a previous window whose requests came early.
 */
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired } from './limiter';

export class SlidingCounterLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  wrote = false;
  /** The last write opened its window (its first admission: the stale fields were dropped). */
  opened = false;
  /**
   * What the hash holds (SLIDING_COUNTER_LUA): the window index of the last admission, its count
   * (`current`) and the previous window's count (`previous`, 0 when that field does not exist).
   */
  window = Number.NEGATIVE_INFINITY;
  current = 0;
  previous = 0;

  constructor(private readonly params: LimiterParams) {}

  admit(nowMs: number): boolean {
    const { limit, periodMs } = this.params;
    if (isExpired(this.expiresAtMs, nowMs)) this.reset();
    const window = Math.floor(nowMs / periodMs);
    // The script's HMGET of fields window − 1 and window.
    const previous = window === this.window ? this.previous : window === this.window + 1 ? this.current : 0;
    const current = window === this.window ? this.current : 0;
    const weight = 1 - (nowMs - window * periodMs) / periodMs;
    this.wrote = previous * weight + current < limit;
    this.opened = this.wrote && current === 0;
    if (!this.wrote) return false;
    this.window = window;
    this.previous = previous;
    this.current = current + 1;
    this.expiresAtMs = nowMs + 2 * periodMs;
    return true;
  }

  reset(): void {
    this.window = Number.NEGATIVE_INFINITY;
    this.current = 0;
    this.previous = 0;
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
