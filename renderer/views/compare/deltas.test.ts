import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../simulator/run';
import { COMPARE_METRICS, deltaTone, limiterRows } from './deltas';

const row = (name: string) => COMPARE_METRICS.find((m) => m.name === name)!;

describe('comparison deltas', () => {
  it('colours a higher hit ratio and a lower latency as better', () => {
    expect(deltaTone(row('Hit ratio'), 0.05)).toBe('better');
    expect(deltaTone(row('p95 latency'), 12)).toBe('worse');
    expect(deltaTone(row('p95 latency'), -3)).toBe('better');
    expect(deltaTone(row('Peak memory'), 1024)).toBe('same');
    expect(row('Hit ratio').delta(0.032)).toBe('+3.2 pp');
  });

  it('adds rows per rate limiter of any run; a run without that limiter reads as —', () => {
    const limiter = (name: string, overAdmitted: number, evictedKeys: number) => ({ name, overAdmitted, wronglyRefused: 0, refused: 10, evictedKeys });
    const withLimits = { rateLimits: [limiter('per-ip', 474, 0), limiter('api-key-hourly', 1316, 415)] } as unknown as RunResult;
    const roomier = { rateLimits: [limiter('api-key-hourly', 0, 0)] } as unknown as RunResult;
    const rows = limiterRows([withLimits, roomier]);
    expect(rows.map((r) => r.name)).toEqual([
      'Limiter per-ip: over-admitted', 'Limiter per-ip: wrongly refused', 'Limiter per-ip: refused', 'Limiter per-ip: counters evicted',
      'Limiter api-key-hourly: over-admitted', 'Limiter api-key-hourly: wrongly refused', 'Limiter api-key-hourly: refused', 'Limiter api-key-hourly: counters evicted',
    ]);
    const evicted = rows[7];
    expect(evicted.value(withLimits)).toBe(415);
    expect(deltaTone(evicted, evicted.value(roomier) - evicted.value(withLimits))).toBe('better');
    expect(rows[0].format(rows[0].value(roomier))).toBe('—');
    expect(limiterRows([{ rateLimits: undefined } as unknown as RunResult])).toEqual([]);
  });
});
