/**
 * Redis's LFU (evict.c): the 24-bit `lru` field holds the last decrement time in minutes
 * (16 bits) and a logarithmic access counter (8 bits). Plain functions over numbers so the
 * hot path stays allocation-free.
 */

/** LFU_INIT_VAL: the counter a new key starts with, so it is not evicted at once. */
export const LFU_INIT_VAL = 5;

/** The counter saturates at 255. */
export const LFU_COUNTER_MAX = 255;

/** LFUGetTimeInMinutes: unix minutes modulo 2^16. */
export function lfuTimeInMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60_000) & 65535;
}

/** The `lru` field of an LFU object: minutes in the high 16 bits, counter in the low 8. */
export function lfuField(minutes: number, counter: number): number {
  return (minutes << 8) | counter;
}

/** LFUTimeElapsed: minutes since `lastMinutes`, allowing one wrap of the 16-bit clock. */
export function lfuMinutesElapsed(lastMinutes: number, nowMinutes: number): number {
  return nowMinutes >= lastMinutes ? nowMinutes - lastMinutes : 65535 - lastMinutes + nowMinutes;
}

/**
 * LFUDecrAndReturn: the counter minus one per elapsed decay period (a subtraction, not a
 * halving). Only computes: Redis stores the decayed value when the key is next accessed.
 */
export function lfuDecayedCounter(field: number, nowMinutes: number, decayTimeMin: number): number {
  const counter = field & 255;
  if (decayTimeMin <= 0) return counter;
  const periods = Math.floor(lfuMinutesElapsed(field >>> 8, nowMinutes) / decayTimeMin);
  if (periods === 0) return counter;
  return periods > counter ? 0 : counter - periods;
}

/**
 * LFULogIncr: increments with probability 1 / ((counter − LFU_INIT_VAL) · logFactor + 1),
 * so the counter grows with the logarithm of the access count.
 * @param uniform a draw in [0, 1)
 */
export function lfuLogIncrement(counter: number, uniform: number, logFactor: number): number {
  if (counter === LFU_COUNTER_MAX) return LFU_COUNTER_MAX;
  const base = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
  return uniform < 1 / (base * logFactor + 1) ? counter + 1 : counter;
}
