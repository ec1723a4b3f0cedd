import { describe, expect, it } from 'vitest';
import { COMPARE_METRICS, deltaTone } from './deltas';

const row = (name: string) => COMPARE_METRICS.find((m) => m.name === name)!;

describe('comparison deltas', () => {
  it('colours a higher hit ratio and a lower latency as better', () => {
    expect(deltaTone(row('Hit ratio'), 0.05)).toBe('better');
    expect(deltaTone(row('p95 latency'), 12)).toBe('worse');
    expect(deltaTone(row('p95 latency'), -3)).toBe('better');
    expect(deltaTone(row('Peak memory'), 1024)).toBe('same');
    expect(row('Hit ratio').delta(0.032)).toBe('+3.2 pp');
  });
});
