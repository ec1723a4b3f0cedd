/**
 * Token bucket (one Lua script over a hash {tokens, ts}): the bucket holds up to `limit` tokens
 * and refills at limit/period; a request takes one token or is refused. The key expires when the
 * bucket would be full again, so a missing key is a full bucket.
 *
 * Bound: in any span [a, b] at most `limit + (b − a) × limit/period` are admitted (a full bucket
 * plus what refills meanwhile): 2 × limit in one period, the burst of a full bucket included.
 */
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired } from './limiter';

export class TokenBucketLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  readonly wrote = true;
  tokens = 0;
  private lastMs = 0;

  constructor(private readonly params: LimiterParams) {}

  admit(nowMs: number): boolean {
    const { limit, periodMs } = this.params;
    const ratePerMs = limit / periodMs;
    this.tokens = isExpired(this.expiresAtMs, nowMs) ? limit : Math.min(limit, this.tokens + (nowMs - this.lastMs) * ratePerMs);
    this.lastMs = nowMs;
    const admitted = this.tokens >= 1;
    if (admitted) this.tokens -= 1;
    this.expiresAtMs = nowMs + (limit - this.tokens) / ratePerMs;
    return admitted;
  }

  reset(): void {
    this.tokens = 0;
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
