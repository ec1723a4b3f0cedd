/**
 * Sliding-window log: a sorted set of the admitted requests' times. Per request (one Lua script):
 * `ZREMRANGEBYSCORE key -inf now−period`, `ZCARD key`, and when under the limit `ZADD key now id`
 * and `PEXPIRE key period`. Only admitted requests are logged.
 *
 * Bound: exact. It keeps precisely the admitted requests in (now − period, now], so it decides as
 * the exact reference limiter does (exact.ts; the property test checks it on random arrivals).
 * The price is memory: one entry per admitted request, up to `limit` per client.
 */
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired } from './limiter';

export class SlidingLogLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  wrote = false;
  /** Admitted times, oldest first, as a ring of `limit` slots. */
  private readonly times: Float64Array;
  private head = 0;
  size = 0;
  /** Requests admitted since the client's first (members end in -<seq>). */
  admittedTotal = 0;

  constructor(private readonly params: LimiterParams) {
    this.times = new Float64Array(params.limit);
  }

  admit(nowMs: number): boolean {
    const { limit, periodMs } = this.params;
    if (isExpired(this.expiresAtMs, nowMs)) this.size = 0;
    const oldestKept = nowMs - periodMs;
    while (this.size > 0 && this.times[this.head] <= oldestKept) {
      this.head = (this.head + 1) % limit;
      this.size--;
    }
    this.wrote = this.size < limit;
    if (!this.wrote) return false;
    this.times[(this.head + this.size) % limit] = nowMs;
    this.size++;
    this.admittedTotal++;
    this.expiresAtMs = nowMs + periodMs;
    return true;
  }

  reset(): void {
    this.size = 0;
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
