import { describe, expect, it } from 'vitest';
import type { FailureMetrics } from '../../model/failure-schema';
import type { RunResult } from '../result';
import { compareFailures, formatFailureFidelity } from './fidelity';

type Event = FailureMetrics['events'][number];
const event = (over: Partial<Event>): Event => ({
  kind: 'sentinel-failover', atMs: 3000, unavailableMs: 2000, errors: 100, failedRequests: 0, fellThrough: 100, keysLost: 0, staleReads: 0,
  hitRatioBefore: 0.9, hitRatioMin: 0.8, recoveryMs: 1500, originPeakQps: 400, ...over,
});
const withEvents = (...events: Event[]): RunResult => ({ failures: { events, recommendations: [] } }) as unknown as RunResult;

describe('compareFailures', () => {
  it('meets the targets within ±2 s unavailable and ±2 pp of dip depth, and misses them beyond', () => {
    const within = compareFailures(withEvents(event({})), withEvents(event({ unavailableMs: 3900, hitRatioBefore: 0.92, hitRatioMin: 0.805 })));
    expect(within.filter((r) => r.met !== undefined).map((r) => [r.metric, r.met])).toEqual([['unavailable', true], ['hit-ratio dip', true]]);
    const beyond = compareFailures(withEvents(event({})), withEvents(event({ unavailableMs: 4100, hitRatioMin: 0.77 })));
    expect(beyond.filter((r) => r.met !== undefined).map((r) => [r.metric, r.met])).toEqual([['unavailable', false], ['hit-ratio dip', false]]);
    expect(formatFailureFidelity(beyond)).toMatch(/sentinel-failover at 3\.00 s\s+unavailable\s+2\.00 s\s+4\.10 s\s+\+2\.10 s\s+±2 s\s+MISSED/);
  });

  it('reports an event only one engine ran as missed, and nothing when neither has a timeline', () => {
    const rows = compareFailures(withEvents(event({}), event({ kind: 'primary-crash', atMs: 8000 })), withEvents(event({})));
    expect(rows.at(-1)).toMatchObject({ event: 'primary-crash at 8.00 s', metric: 'event', live: '—', met: false });
    expect(compareFailures({} as RunResult, {} as RunResult)).toEqual([]);
    expect(formatFailureFidelity([])).toBe('');
  });
});
