/**
 * Reconnect backoff: attempt n (from 1) waits min(max, base · 2^(n−1)), shortened by up to
 * `jitter` of itself at random, so clients dropped together do not all come back together.
 */
import type { Rng } from '../traffic';

export class Backoff {
  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly jitter: number,
    private readonly rng: Rng,
  ) {}

  /** The wait before attempt `attempt` (1 = the first reconnect). */
  delayMs(attempt: number): number {
    const exponential = this.baseMs * 2 ** Math.min(attempt - 1, 52);
    const capped = exponential < this.maxMs ? exponential : this.maxMs;
    return capped * (1 - this.jitter * this.rng.nextFloat());
  }
}
