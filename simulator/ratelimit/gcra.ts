/**
 * GCRA, the generic cell rate algorithm (one Lua script over a string holding the theoretical
 * arrival time, TAT): requests are spaced by T = period/limit with a tolerance of one period, so a
 * burst of `limit` passes at once. A request is admitted when max(TAT, now) + T − now ≤ period;
 * then TAT advances by T and the key is SET with PX until TAT (a missing key means TAT ≤ now).
 *
 * Bound: in any span [a, b] at most `limit + (b − a) / T` are admitted — as a token bucket of
 * `limit` tokens, with one number of state instead of two.
 */
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired } from './limiter';

export class GcraLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  wrote = false;

  constructor(private readonly params: LimiterParams) {}

  /** The theoretical arrival time (while the key exists it equals its expiry). */
  get tatMs(): number {
    return this.expiresAtMs;
  }

  admit(nowMs: number): boolean {
    const { limit, periodMs } = this.params;
    const intervalMs = periodMs / limit;
    const tat = isExpired(this.expiresAtMs, nowMs) ? nowMs : Math.max(this.expiresAtMs, nowMs);
    this.wrote = tat + intervalMs - nowMs <= periodMs;
    if (this.wrote) this.expiresAtMs = tat + intervalMs;
    return this.wrote;
  }

  reset(): void {
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
