import { describe, expect, it } from 'vitest';
import { runResultSchema } from '../run/schema';
import type { PubsubSpecInput } from '../model';
import { keyHashSlot } from './hash-slot';
import { hotIndex, hotShardsOf } from './hot-shard';
import { evenSlotRanges } from './slots';
import { runOf } from './testing';

describe('hot shard', () => {
  it('given one shard clearly above the mean, then it is hot and nothing ties', () => {
    expect(hotIndex([4000, 5000, 31_000])).toEqual({ hot: 2, tied: [] });
  });

  it('given two shards tied for the most load, then neither is hot and both are named as tied', () => {
    expect(hotIndex([15.8, 15.8, 10.5])).toEqual({ hot: null, tied: [0, 1] });
    expect(hotIndex([100, 99.7, 10])).toEqual({ hot: null, tied: [0, 1] });
  });

  it('given a lead within 10 % of the mean, a single shard, or no load, then there is no hot shard', () => {
    expect(hotIndex([100, 105, 98])).toEqual({ hot: null, tied: [] });
    expect(hotIndex([500])).toEqual({ hot: null, tied: [] });
    expect(hotIndex([0, 0, 0])).toEqual({ hot: null, tied: [] });
  });
});

/** A channel name whose slot a 3-shard cluster gives to `shard`. */
function channelOn(shard: number): string {
  const [from, to] = evenSlotRanges(3)[shard];
  for (let i = 0; ; i++) if (keyHashSlot(`ch${i}`) >= from && keyHashSlot(`ch${i}`) <= to) return `ch${i}`;
}

/** One channel per shard of a 3-shard cluster (sharded publish), published at these rates. */
function oneChannelPerShard(ratesPerSec: [number, number, number]): PubsubSpecInput {
  return {
    channels: ratesPerSec.map((rate, shard) => ({ name: `on-${shard}`, pattern: channelOn(shard), publishRate: `${rate}/s`, class: 'default', arrivals: 'even' as const })),
    topology: { mode: 'cluster', shards: 3, publish: 'sharded' },
    clients: { total: 30 },
  };
}

describe('the hot shard of a simulated pub/sub run', () => {
  it('given a balanced design, then no shard is hot and none ties', () => {
    const m = runOf(oneChannelPerShard([100, 104, 100])).metrics;
    expect(m.shards.map((s) => Math.round(s.msgsPerSec))).toEqual([100, 104, 100]);
    expect(m.hotShard).toBeNull();
    expect(m.tiedShards).toEqual([]);
    expect(m.shards.filter((s) => s.hot)).toEqual([]);
  });

  it('given two shards tied for the most load, then both are named as tied and neither is hot', () => {
    const m = runOf(oneChannelPerShard([200, 50, 200])).metrics;
    expect(m.hotShard).toBeNull();
    expect(m.tiedShards).toEqual([0, 2]);
    expect(m.shards.filter((s) => s.hot)).toEqual([]);
    expect(hotShardsOf(m)).toEqual({ hot: null, tied: [0, 2] });
  });

  it('given one shard with most of the load, then it is the hot shard, marked on its row too', () => {
    const m = runOf(oneChannelPerShard([50, 300, 50])).metrics;
    expect(m.hotShard).toBe(1);
    expect(m.tiedShards).toEqual([]);
    expect(m.shards.map((s) => s.hot)).toEqual([false, true, false]);
  });

  it('given classic PUBLISH, every node handles every message: all shards tie, none is hot', () => {
    const m = runOf({ ...oneChannelPerShard([50, 300, 50]), topology: { mode: 'cluster', shards: 3, publish: 'classic' } }).metrics;
    expect(m.hotShard).toBeNull();
    expect(m.tiedShards).toEqual([0, 1, 2]);
  });

  it('given a result saved before tiedShards existed, when it is read, then it parses and the tie is found again', () => {
    const m = runOf(oneChannelPerShard([200, 50, 200])).metrics;
    // Older runs named the busiest node hot, tie or not, and had no tiedShards.
    const { tiedShards: _dropped, ...older } = { ...m, hotShard: 0, shards: m.shards.map((s, i) => ({ ...s, hot: i === 0 })) };
    const parsed = runResultSchema.shape.pubsub.parse(JSON.parse(JSON.stringify(older)));
    expect(parsed?.tiedShards).toBeUndefined();
    expect(hotShardsOf(parsed!)).toEqual({ hot: null, tied: [0, 2] });
  });
});
