/**
 * One client's rate limiter: the state its Redis key holds, and the decision its commands (or Lua
 * script) make per request. Time is a parameter (virtual ms, never decreasing): the same arrivals
 * give the same decisions, in the simulator and in a test.
 */

/** The limit and its period, shared by every algorithm. */
export interface LimiterParams {
  /** Requests allowed per period (RATE_LIMIT_CALLS). */
  limit: number;
  /** The period in ms (RATE_LIMIT_PERIOD). */
  periodMs: number;
}

/** A key that never expires (its EXPIRE was lost). */
export const NO_EXPIRY = Number.POSITIVE_INFINITY;

export interface RateLimiter {
  /** Decides one request at `nowMs`; true = admitted. Updates the state as the key's commands would. */
  admit(nowMs: number): boolean;
  /** The key was evicted or deleted: the next request finds no key, as after its expiry. */
  reset(): void;
  /**
   * When the key expires (Redis deletes it once now > this), NO_EXPIRY when it has no TTL, or
   * −Infinity when the key does not exist (nothing written yet).
   */
  readonly expiresAtMs: number;
  /** Whether the last admit() wrote the key (a refusal by a read-only check writes nothing). */
  readonly wrote: boolean;
}

/** Whether a key with this expiry is gone at `nowMs` (Redis expires a key once now > its time). */
export function isExpired(expiresAtMs: number, nowMs: number): boolean {
  return nowMs > expiresAtMs;
}
