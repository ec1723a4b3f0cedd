/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { presetText } from '../testing/presets';
import { loadDesign } from '../../simulator/model';
import { keyHashSlot } from '../../simulator/pubsub';
import { slotMap, spreadWeights } from './slot-map';

function pubsubOf(name: string) {
  const loaded = loadDesign(presetText(name));
  if (!loaded.ok || !loaded.design.pubsub) throw new Error('preset without pubsub');
  return loaded.design.pubsub;
}

describe('slot map', () => {
  it('given the hot-channel preset, then the capital\'s shard is hot', () => {
    const map = slotMap(pubsubOf('hot-channel-sharding'));
    expect(map.shards.map((s) => [s.fromSlot, s.toSlot])).toEqual([[0, 5460], [5461, 10922], [10923, 16383]]);
    const capital = map.channels.find((c) => c.name === 'fleet:{0}');
    expect(capital?.slot).toBe(keyHashSlot('0'));
    const hot = map.shards.find((s) => s.hot);
    expect(hot?.shard).toBe(capital?.shard);
    expect(map.imbalancePct).toBeGreaterThan(50);
    expect(map.channels.reduce((sum, c) => sum + c.ratePerSec, 0)).toBeCloseTo(40_000);
  });

  it('given hash tags per cell, then the load spreads more evenly', () => {
    const hot = slotMap(pubsubOf('hot-channel-sharding'));
    const cells = slotMap(pubsubOf('hot-channel-hashtags'));
    expect(cells.imbalancePct).toBeLessThan(hot.imbalancePct);
  });

  it('normalises spread weights', () => {
    const hot = spreadWeights({ dist: 'hot', share: '70%' }, 10);
    expect(hot[0]).toBeCloseTo(0.73);
    expect(hot.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    const zipf = spreadWeights({ dist: 'zipf', alpha: 1 }, 3);
    expect(zipf[0] / zipf[1]).toBeCloseTo(2);
  });
});
