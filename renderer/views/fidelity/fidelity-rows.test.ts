import { describe, expect, it } from 'vitest';
import type { FidelityReport } from '../../../simulator/run';
import { fidelityRowsText, fidelityTally, reportExtraRows } from './fidelity-rows';

describe('fidelityRowsText', () => {
  it('given the host diff, shows units, a signed difference and the verdict of each tolerance', () => {
    const rows = fidelityRowsText({
      hitRatio: { sim: 0.710412, live: 0.710694, delta: 0.000282000000001, relative: 0.0004, target: '±0.5 pp', met: true },
      evictedKeys: { sim: 1000, live: 1100, delta: 100, relative: 0.1, target: '±2 %', met: false },
      usedMemoryBytes: { sim: 64 * 1024 * 1024, live: 64 * 1024 * 1024, delta: 0, relative: 0, target: '±3 %', met: true },
      staleReads: { sim: 0, live: 3, delta: 3, relative: null, target: 'report only', met: true },
    });
    expect(rows).toEqual([
      { key: 'hit ratio', name: 'Hit ratio', sim: '71.04 %', live: '71.07 %', difference: '+0.03 pp', target: '±0.5 pp', verdict: 'met' },
      { key: 'evicted keys', name: 'Evicted keys', sim: '1,000', live: '1,100', difference: '+10.0 %', target: '±2 %', verdict: 'missed' },
      { key: 'used memory', name: 'Used memory', sim: '64 MB', live: '64 MB', difference: '±0', target: '±3 %', verdict: 'met' },
      { key: 'stale reads', name: 'Stale reads', sim: '0', live: '3', difference: '+3', target: 'report only', verdict: 'report only' },
    ]);
    expect(fidelityTally(rows)).toBe('1 of 3 tolerances missed');
    expect(fidelityTally(rows.filter((r) => r.verdict !== 'missed'))).toBe('2/2 tolerances met');
  });

  it('leaves out entries that are not a metric comparison, and never prints JSON', () => {
    const rows = fidelityRowsText({ scale: 4, notes: ['x'], hitRatio: { sim: 0.5, live: 0.5, target: '±0.5 pp', met: true } });
    expect(rows.map((r) => r.key)).toEqual(['hit ratio']);
    expect(JSON.stringify(rows)).not.toMatch(/\{"sim"/);
  });
});

describe('reportExtraRows', () => {
  const event = { kind: 'sentinel-failover', atMs: 3000, unavailableMs: 2000, errors: 10, failedRequests: 0, fellThrough: 10, keysLost: 0, staleReads: 0, hitRatioBefore: 0.9, hitRatioMin: 0.9, recoveryMs: 2000, originPeakQps: 100 };
  const withFailures = (unavailableMs: number) => ({ failures: { events: [{ ...event, unavailableMs }], recommendations: [] } });
  it('adds admitted and refused per limiter and the failure events with their tolerances', () => {
    const report = {
      sim: withFailures(2000), live: withFailures(4500),
      rateLimits: [{
        name: 'per-ip', algorithm: 'gcra',
        admitted: { sim: 1003, live: 1003, delta: 0, relative: 0, target: 'exact', met: true },
        refused: { sim: 97, live: 98, delta: 1, relative: 0.01, target: 'exact', met: false },
        evictedKeys: { sim: 40, live: 44, delta: 4, relative: 0.1, target: 'report only', met: true },
        evictionResets: { sim: 0, live: 0, delta: 0, relative: 0, target: 'report only', met: true },
      }],
    } as unknown as FidelityReport;
    const rows = reportExtraRows(report);
    // Evicted keys reported (no verdict); eviction resets left out when neither engine had any.
    expect(rows.slice(0, 4).map((r) => [r.name, r.sim, r.live, r.difference, r.verdict])).toEqual([
      ['Limiter per-ip (gcra): admitted', '1,003', '1,003', '±0', 'met'],
      ['Limiter per-ip (gcra): refused', '97', '98', '+1', 'missed'],
      ['Limiter per-ip (gcra): evicted keys', '40', '44', '+4', 'report only'],
      [expect.stringMatching(/^sentinel-failover/), expect.anything(), expect.anything(), expect.anything(), expect.anything()],
    ]);
    const unavailable = rows.find((r) => r.name === 'sentinel-failover at 3.00 s: unavailable');
    expect(unavailable).toMatchObject({ sim: '2.00 s', live: '4.50 s', target: '±2 s', verdict: 'missed' });
    expect(rows.find((r) => r.name.endsWith('errors'))?.verdict).toBe('report only');
    expect(fidelityTally(rows)).toBe('2 of 4 tolerances missed');
  });

  it('adds nothing for a design without limiters or failures', () => {
    expect(reportExtraRows({ sim: {}, live: {} } as unknown as FidelityReport)).toEqual([]);
  });
});
