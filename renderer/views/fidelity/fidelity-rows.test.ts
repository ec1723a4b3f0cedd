import { describe, expect, it } from 'vitest';
import { fidelityRowsText, fidelityTally } from './fidelity-rows';

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
