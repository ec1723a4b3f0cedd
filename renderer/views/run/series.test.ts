import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../simulator/run';
import { namespaceHitRatio, rateAt, valueOf } from './series';

const s = (tMs: number, evictedKeys: number, extra: Record<string, unknown> = {}) => ({ tMs, evictedKeys, ...extra }) as unknown as Snapshot;

describe('snapshot series', () => {
  it('turns cumulative counters into per-second rates', () => {
    const data = [s(1000, 10), s(2000, 30), s(2500, 40)];
    expect(rateAt(data, 0, 'evictedKeys')).toBe(10);
    expect(rateAt(data, 1, 'evictedKeys')).toBe(20);
    expect(rateAt(data, 2, 'evictedKeys')).toBe(20);
  });

  // Snapshots arrive checked by the snapshot schema: every field is there; what can be missing is a snapshot or a namespace.
  it('plots a missing snapshot or namespace as a gap', () => {
    expect(valueOf(undefined, 'p95Ms')).toBeNaN();
    expect(valueOf(s(1, 0, { p95Ms: 4 }), 'p95Ms')).toBe(4);
    expect(namespaceHitRatio(s(1, 0, { namespaceHitRatio: [0.5] }), 0)).toBe(0.5);
    expect(namespaceHitRatio(s(1, 0, { namespaceHitRatio: [0.5] }), 1)).toBeNaN();
  });
});
