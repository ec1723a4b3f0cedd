import { describe, expect, it } from 'vitest';
import type { PubsubSpecInput } from '../model';
import { busBytes } from './wire';
import { planOf, runOf } from './testing';

const durationMs = 10_000;
const rooms = (publish: 'classic' | 'sharded'): PubsubSpecInput => ({
  channels: [{ name: 'rooms', pattern: 'room:{{roomId}}', count: 30, publishRate: '300/s', class: 'default', arrivals: 'even', payload: '200b' }],
  topology: { mode: 'cluster', shards: 3, publish },
  workers: { count: 3 },
  clients: { total: 300, audiences: [{ name: 'members', follows: [{ channels: 'rooms', per: 'one' }] }] },
});

describe('classic PUBLISH vs sharded SPUBLISH in a 3-shard cluster', () => {
  const classic = runOf(rooms('classic'), durationMs).metrics;
  const sharded = runOf(rooms('sharded'), durationMs).metrics;
  const perNode = (m: typeof classic) => m.shards.map((s) => Math.round((s.msgsPerSec * durationMs) / 1000));

  it('delivers the same messages either way', () => {
    expect(classic.published).toBe(3000);
    expect(sharded.published).toBe(3000);
    expect(classic.delivered).toBe(classic.expected);
    expect(sharded.delivered).toBe(sharded.expected);
    expect(sharded.delivered).toBe(classic.delivered);
  });

  it('makes every node process every classic publish (broadcast over the cluster bus)', () => {
    expect(perNode(classic)).toEqual([3000, 3000, 3000]);
  });

  it('keeps each sharded publish on the one shard owning its channel\'s slot', () => {
    const counts = perNode(sharded);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3000);
    const plan = planOf(rooms('sharded'), durationMs);
    const channelsPerShard = [0, 1, 2].map((n) => plan.channels.node.filter((x) => x === n).length);
    // Even arrivals over a uniform spread: each shard's share of publishes follows its share of channels.
    counts.forEach((count, n) => expect(count / 3000).toBeCloseTo(channelsPerShard[n] / 30, 1));
  });

  it('costs each classic publish about 2 KB of bus traffic per other node; sharded has none', () => {
    const busPerPublish = busBytes('room:{0}'.length, 200);
    const classicBytes = classic.shards.reduce((sum, s) => sum + s.bytesPerSec, 0);
    const shardedBytes = sharded.shards.reduce((sum, s) => sum + s.bytesPerSec, 0);
    // Every publish crosses the bus twice (out of the origin, into each of the 2 others): 2 × 2 hops.
    expect(classicBytes - shardedBytes).toBeGreaterThan(0.95 * (3000 * 4 * busPerPublish) / (durationMs / 1000));
    expect(classic.shards.every((s) => s.cpuPct > 0)).toBe(true);
  });

  it('names one hot shard and gives every shard its slot range', () => {
    expect(sharded.shards.map((s) => s.slotRanges)).toEqual([[[0, 5460]], [[5461, 10922]], [[10923, 16383]]]);
    expect(sharded.shards.filter((s) => s.hot)).toHaveLength(1);
    expect(sharded.hotShard).toBe(sharded.shards.find((s) => s.hot)?.index);
  });
});

describe('hash tags and shards', () => {
  it('puts channels that share a hash tag on one shard, and spreads channels without one', () => {
    const plan = planOf({
      channels: [
        { name: 'tagged', pattern: 'orders:{{tenant}}', count: 1, publishRate: '1/s', class: 'default' },
        { name: 'spread', pattern: 'room:{roomId}', count: 300, publishRate: '1/s', class: 'default' },
      ],
      topology: { mode: 'cluster', shards: 3 },
      clients: { total: 10 },
    });
    expect(plan.channels.slot[0]).toBe(13907); // HASH_SLOT("0")
    const shards = new Set(Array.from(plan.channels.node.subarray(1)));
    expect(shards).toEqual(new Set([0, 1, 2]));
  });
});
