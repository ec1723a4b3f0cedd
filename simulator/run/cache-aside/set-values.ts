/**
 * What a SET carries besides its key: the value's size, drawn once per key from its namespace's
 * distribution (at its first store), and the TTL with symmetric jitter — each from its own random
 * stream, so that both engines draw the same values in the same order.
 */
import type { NumberSampler, Rng } from '../../traffic';
import { createNumberSampler } from '../../traffic';
import type { RunPlan } from '../plan';

export class SetValues {
  private readonly valueSamplers: NumberSampler[];
  private readonly ttlRng: Rng;

  /** `rng`: the client's stream; the value sizes and the TTLs fork their own from it. */
  constructor(plan: RunPlan, rng: Rng) {
    this.valueSamplers = plan.namespaces.map((ns) => createNumberSampler(ns.valueBytes, rng.fork(`value-bytes:${ns.name}`)));
    this.ttlRng = rng.fork('ttl-jitter');
  }

  /** A value size for a key of namespace `ns` (bytes, at least 1). */
  valueBytes(ns: number): number {
    return Math.max(1, Math.round(this.valueSamplers[ns].next()));
  }

  /**
   * TTL with symmetric jitter: uniform in [ttl·(1−j), ttl·(1+j)], whole milliseconds. `ttl: none`
   * (null) is 0, no TTL, and draws nothing from the TTL stream.
   */
  ttlMs(ttlMs: number | null, jitterPct: number): number {
    if (ttlMs === null) return 0;
    if (jitterPct === 0) return ttlMs;
    const spread = (ttlMs * jitterPct) / 100;
    return Math.max(1, Math.round(ttlMs - spread + 2 * spread * this.ttlRng.nextFloat()));
  }
}
