/**
 * Token bucket (one Lua script over a hash {tokens, ts}): the bucket holds up to `limit` tokens
 * and refills at limit/period; a request takes one token or is refused. The key expires when the
 * bucket would be full again, so a missing key is a full bucket.
 *
 * Tokens are counted as TOKEN_BUCKET_LUA stores them (commands.ts): integer micro-tokens, a
 * refill of floor(elapsed × capacity / period) per decision (the fraction of a micro-token is
 * lost), and an expiry rounded up to the ms — the same arithmetic, so the same decisions.
 *
 * Bound: in any span [a, b] at most `limit + (b − a) × limit/period` are admitted (a full bucket
 * plus what refills meanwhile): 2 × limit in one period, the burst of a full bucket included.
 */
import { MICRO_TOKENS } from './commands';
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired } from './limiter';

export class TokenBucketLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  readonly wrote = true;
  /** Micro-tokens in the bucket (the hash's `tokens` field). */
  microTokens = 0;
  private lastMs = 0;

  constructor(private readonly params: LimiterParams) {}

  /** Tokens in the bucket (fractional). */
  get tokens(): number {
    return this.microTokens / MICRO_TOKENS;
  }

  admit(nowMs: number): boolean {
    const { limit, periodMs } = this.params;
    const capacity = limit * MICRO_TOKENS;
    let tokens = isExpired(this.expiresAtMs, nowMs) ? capacity
      : Math.min(capacity, this.microTokens + Math.floor(Math.max(0, nowMs - this.lastMs) * capacity / periodMs));
    const admitted = tokens >= MICRO_TOKENS;
    if (admitted) tokens -= MICRO_TOKENS;
    this.microTokens = tokens;
    this.lastMs = nowMs;
    this.expiresAtMs = nowMs + Math.ceil((capacity - tokens) * periodMs / capacity);
    return admitted;
  }

  reset(): void {
    this.microTokens = 0;
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
