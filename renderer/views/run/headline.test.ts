/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../../simulator/model';
import { compilePlan, simulate } from '../../../simulator/run';
import type { RunResult } from '../../../simulator/run';
import { presetText } from '../../testing/presets';
import { deliveryTotals, headlineCards, headlineKind } from './headline';

function run(preset: string): RunResult {
  const loaded = loadDesign(presetText(preset));
  if (!loaded.ok) throw new Error(`${preset} does not load`);
  return simulate(compilePlan(loaded.design));
}

describe('headline cards', () => {
  it('chooses the cards by what the design has', () => {
    expect(headlineKind(true, false)).toBe('cache');
    expect(headlineKind(false, true)).toBe('pubsub');
    expect(headlineKind(true, true)).toBe('both');
  });

  it('given the slow-consumer storm, then lost and dropped messages lead, lost marked bad, cache cards named as the cache\'s', () => {
    const result = run('slow-consumer-storm');
    const cards = headlineCards('both', result, result.series, result.series.length);
    expect(cards.slice(0, 4).map((c) => c.label)).toEqual(['Lost messages', 'Dropped messages', 'Delivered', 'Fan-out p99']);
    expect(result.pubsub?.lost).toBeGreaterThan(0);
    expect(cards[0].tone).toBe('bad');
    expect(cards[0].detail).toMatch(/% of expected$/);
    expect(cards.slice(4).map((c) => c.label)).toEqual(['Cache hit ratio', 'Cache p99 latency', 'Cache memory', 'Cache requests']);
    expect(headlineCards('pubsub', result, result.series, result.series.length).map((c) => c.label)).not.toContain('Cache hit ratio');
  }, 60_000);

  it('while running, sums the delivery windows of the snapshots so far', () => {
    const result = run('slow-consumer-backpressure');
    const final = result.pubsub;
    if (!final) throw new Error('no pubsub section');
    const totals = deliveryTotals(null, result.series, result.series.length);
    // The windows add up to the run's counts (deliveries after the last snapshot aside).
    expect(totals?.dropped).toBeGreaterThan(0);
    expect(totals?.dropped).toBeLessThanOrEqual(final.dropped);
    expect(totals?.delivered).toBeGreaterThan(final.delivered * 0.9);
    expect(totals?.expected).toBeNull();
    const cards = headlineCards('both', null, result.series, result.series.length);
    expect(cards[1]).toMatchObject({ label: 'Dropped messages', tone: 'bad', detail: 'so far' });
    expect(cards[0].tone).toBeUndefined();
  }, 60_000);

  it('gives a cache design the eight cache cards and no delivery card', () => {
    const result = run('thundering-herd-jitter');
    const cards = headlineCards('cache', result, result.series, result.series.length);
    expect(cards.map((c) => c.label)).toEqual(['Hit ratio', 'p95 latency', 'p99 latency', 'Evicted keys', 'Memory', 'Origin load', 'Stale reads', 'Requests']);
  }, 60_000);
});
