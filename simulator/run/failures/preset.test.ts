import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan } from '../plan';
import { simulate } from '../engine';
import { PROMOTION_MS } from './plan';

function presetResult(warmup: boolean) {
  const text = readFileSync('presets/realtime-bus-failover.yaml', 'utf8');
  const loaded = loadDesign(warmup ? `${text}\nrecovery:\n  warmup: { namespaces: [units-nearby], rate: 2000/s }\n` : text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return simulate(compilePlan(loaded.design));
}

describe('preset realtime-bus-failover', () => {
  const plain = presetResult(false);
  const event = plain.failures?.events[0];

  it('keeps Redis away for down-after + promotion, and recommends a warm-up of the critical namespace', () => {
    expect(event?.kind).toBe('sentinel-failover');
    expect(Math.abs((event?.unavailableMs ?? 0) - (30_000 + PROMOTION_MS))).toBeLessThan(100);
    expect(event?.fellThrough).toBe(event?.errors);
    expect(plain.failures?.recommendations.join('\n')).toMatch(/sentinel-failover at 40\.0 s: the hit ratio fell .* prewarm the critical namespaces/);
    expect(plain.failures?.forkHeadroomBytes).toBeGreaterThan(0);
    // The chart series carries the errors over time.
    expect(plain.series.at(-1)?.redisErrors).toBe(event?.errors);
  });

  it('cuts the bus on the same timeline: its subscribers lose the window\'s messages', () => {
    expect(plain.pubsub?.lost).toBeGreaterThan(0);
  });

  it('recovers sooner with the warm-up, at the origin\'s cost', () => {
    const warmed = presetResult(true);
    const warmedEvent = warmed.failures?.events[0];
    expect(warmedEvent?.recoveryMs ?? Number.POSITIVE_INFINITY).toBeLessThan(event?.recoveryMs ?? Number.POSITIVE_INFINITY);
    expect(warmedEvent?.originPeakQps).toBeGreaterThan(event?.originPeakQps ?? 0);
    expect(warmed.failures?.recommendations.join('\n')).toMatch(/the warm-up reloaded \d+ keys at 2000\/s/);
  });
});
