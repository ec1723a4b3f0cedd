import { describe, expect, it } from 'vitest';
import { runOf } from './testing';

describe('bandwidth to clients', () => {
  it.each([
    [10_000, 2, 20.48],
    [20_000, 4, 40.96],
    [50_000, 8, 102.4],
  ])('is messages × bytes × 8: %i clients × 1 msg/s × 256 B on %i workers ≈ %f Mbps', (clients, workers, mbps) => {
    const m = runOf({
      channels: [{ name: 'alerts', pattern: 'alerts', publishRate: '1/s', class: 'default', payload: '256b', arrivals: 'even' }],
      workers: { count: workers },
      clients: { total: clients },
    }, 60_000).metrics;
    expect(m.published).toBe(60);
    expect(m.delivered).toBe(60 * clients);
    expect(m.bandwidthBitsPerSec / 1e6).toBeCloseTo(mbps, 6);
    expect(m.workers.reduce((sum, w) => sum + w.clients, 0)).toBe(clients);
  });
});
