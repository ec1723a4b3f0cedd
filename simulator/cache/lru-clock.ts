/**
 * Redis's LRU clock (evict.c): seconds of unix time in 24 bits, stored in each object's `lru`
 * field on access; idle time is the clock difference, allowing one wrap-around.
 */

/** LRU_CLOCK_MAX: the clock has 24 bits and wraps after about 194 days. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;

/** LRU_CLOCK_RESOLUTION: one tick of the LRU clock. */
export const LRU_CLOCK_RESOLUTION_MS = 1000;

/** The LRU clock at a virtual time (getLRUClock). */
export function lruClockAt(nowMs: number): number {
  return Math.floor(nowMs / LRU_CLOCK_RESOLUTION_MS) & LRU_CLOCK_MAX;
}

/** estimateObjectIdleTime: milliseconds since the stored clock, at clock resolution. */
export function estimateIdleTimeMs(lruField: number, clock: number): number {
  const ticks = clock >= lruField ? clock - lruField : clock + (LRU_CLOCK_MAX - lruField);
  return ticks * LRU_CLOCK_RESOLUTION_MS;
}
