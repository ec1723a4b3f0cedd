/**
 * Fixed window, the guides' limiter: `INCR rate_limit:<ip>`, and when the count is 1, `EXPIRE` it
 * for the period; a request is admitted while the count is ≤ limit. Refused requests are counted
 * too (INCR runs first). The window opens at the client's first request (`first-request`), or at
 * the multiple of the period the request falls in (`aligned`: PEXPIRE for what is left of it).
 *
 * With the race (INCR and EXPIRE sent as two commands, the client dying between them), the
 * EXPIRE is lost: the counter never expires and the client stays refused until the key is evicted.
 *
 * Bound against the exact sliding window: within one window at most `limit` are admitted, and any
 * span of one period overlaps at most two windows, so at most 2 × limit are admitted in any span of
 * one period — reached by a burst just before an edge and one just after it.
 */
import type { LimiterParams, RateLimiter } from './limiter';
import { isExpired, NO_EXPIRY } from './limiter';

export interface FixedWindowOptions extends LimiterParams {
  window?: 'first-request' | 'aligned';
  /** Called when a window opens: true = this EXPIRE is lost (the race). Default: never. */
  loseExpire?: () => boolean;
}

export class FixedWindowLimiter implements RateLimiter {
  expiresAtMs = Number.NEGATIVE_INFINITY;
  count = 0;
  readonly wrote = true;
  private readonly aligned: boolean;

  constructor(private readonly options: FixedWindowOptions) {
    this.aligned = options.window === 'aligned';
  }

  get periodMs(): number {
    return this.options.periodMs;
  }

  admit(nowMs: number): boolean {
    const { limit, periodMs, loseExpire } = this.options;
    if (isExpired(this.expiresAtMs, nowMs)) this.count = 0;
    this.count++;
    if (this.count === 1) {
      this.expiresAtMs = loseExpire?.() ? NO_EXPIRY
        : this.aligned ? (Math.floor(nowMs / periodMs) + 1) * periodMs : nowMs + periodMs;
    }
    return this.count <= limit;
  }

  reset(): void {
    this.count = 0;
    this.expiresAtMs = Number.NEGATIVE_INFINITY;
  }
}
