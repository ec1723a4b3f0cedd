/**
 * The exact reference limiter: a true sliding window over the exact arrival times. A request at t
 * is admitted when fewer than `limit` requests were admitted in (t − period, t]. It keeps the whole
 * history and scans it: obviously correct, not fast — the yardstick of the property tests.
 */
import type { LimiterParams } from './limiter';

export class ExactLimiter {
  readonly admitted: number[] = [];

  constructor(private readonly params: LimiterParams) {}

  admit(nowMs: number): boolean {
    const since = nowMs - this.params.periodMs;
    let inWindow = 0;
    for (const t of this.admitted) if (t > since && t <= nowMs) inWindow++;
    if (inWindow >= this.params.limit) return false;
    this.admitted.push(nowMs);
    return true;
  }
}
