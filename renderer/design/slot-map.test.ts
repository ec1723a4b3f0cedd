/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { presetText } from '../testing/presets';
import { loadDesign } from '../../simulator/model';
import { keyHashSlot } from '../../simulator/pubsub';
import { loadShare, shardAt, slotMap, spreadWeights } from './slot-map';

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

  it('given two shards with the same estimated load, then the map calls them tied and none hot', () => {
    const map = slotMap(pubsubOf('realtime-notifications'));
    expect(map.shards.filter((s) => s.hot)).toEqual([]);
    expect(map.shards.filter((s) => s.tied).map((s) => s.shard)).toEqual([0, 1]);
    expect(map.shards[0].ratePerSec).toBeCloseTo(map.shards[1].ratePerSec);
  });

  it('shades load on an absolute log scale: the same rate, the same shade, whatever the busiest shard', () => {
    expect(loadShare(0)).toBe(0);
    expect(loadShare(1)).toBe(0);
    expect(loadShare(1000)).toBeCloseTo(0.5);
    expect(loadShare(1_000_000)).toBe(1);
    expect(loadShare(5_000_000)).toBe(1);
    // A balanced design: every shard gets the shade of its own rate, not the darkest one.
    const balanced = slotMap(pubsubOf('hot-channel-hashtags'));
    const shares = balanced.shards.map((s) => loadShare(s.ratePerSec));
    expect(Math.max(...shares)).toBeLessThan(0.75);
  });

  it('finds the shard owning a slot, at both ends of its range', () => {
    const map = slotMap(pubsubOf('hot-channel-sharding'));
    expect(shardAt(map, 0)?.shard).toBe(0);
    expect(shardAt(map, 5460)?.shard).toBe(0);
    expect(shardAt(map, 5461)?.shard).toBe(1);
    expect(shardAt(map, 16383)?.shard).toBe(2);
    expect(shardAt(map, 16384)).toBeUndefined();
  });
});
