import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../simulator/run';
import { limiterCounter, namespaceHitRatio, perSecondAt, plottedValue, quietWindow, rateAt, valueOf } from './series';

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

  it('plots the closing windows of a live run, with no request and no read, as gaps instead of zeros', () => {
    const w = (tMs: number, requests: number, hits: number, misses: number, hitRatio: number, p95Ms: number) => ({ tMs, requests, hits, misses, hitRatio, p95Ms }) as unknown as Snapshot;
    // As a live run of the catalogue preset ends: the last request at 4.00 s, replies drained by 4.06 s.
    const data = [w(3980, 1190, 650, 520, 0.6, 8), w(4000, 1200, 656, 527, 0.55, 9), w(4060, 1200, 656, 529, 0.5, 7), w(4080, 1200, 656, 529, 0, 0)];
    expect(quietWindow(data, 2)).toBe(false);
    expect(quietWindow(data, 3)).toBe(true);
    expect(plottedValue(data, 2, 'hitRatio')).toBe(0.5);
    expect(plottedValue(data, 3, 'hitRatio')).toBeNaN();
    expect(plottedValue(data, 3, 'p95Ms')).toBeNaN();
    expect(plottedValue(data, 3, 'requests')).toBe(1200);
  });

  it('reads a rate limiter\'s counters by name as per-second rates; a snapshot without the limiter is a gap', () => {
    const limits = (admitted: number, refused: number) => ({ 'per-ip': { admitted, refused, overAdmitted: 0, evictedKeys: 0 } });
    const data = [s(1000, 0, { rateLimits: limits(100, 0) }), s(2000, 0, { rateLimits: limits(250, 40) }), s(3000, 0)];
    expect(perSecondAt(data, 0, (d) => limiterCounter(d, 'per-ip', 'admitted'))).toBe(100);
    expect(perSecondAt(data, 1, (d) => limiterCounter(d, 'per-ip', 'admitted'))).toBe(150);
    expect(perSecondAt(data, 1, (d) => limiterCounter(d, 'per-ip', 'refused'))).toBe(40);
    expect(perSecondAt(data, 2, (d) => limiterCounter(d, 'per-ip', 'refused'))).toBeNaN();
    expect(limiterCounter(data[1], 'other', 'admitted')).toBeNaN();
  });
});
