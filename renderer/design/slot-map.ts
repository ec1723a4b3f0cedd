/**
 * The slot/shard map of a design's channels: each channel's hash slot (as Redis Cluster computes
 * it), the shard owning that slot under an even split, and an estimate of each shard's publish
 * load from the channel groups' rates and spreads — enough to see a hot shard before running.
 */
import { parseRatePerSec } from '../../simulator/model';
import type { PubsubSpec } from '../../simulator/model';
import { channelName, CLUSTER_SLOTS, evenSlotRanges, hotIndex, keyHashSlot } from '../../simulator/pubsub';

export interface ChannelSlot {
  group: string;
  name: string;
  slot: number;
  shard: number;
  /** Estimated publishes per second on this channel. */
  ratePerSec: number;
}

export interface ShardLoad {
  shard: number;
  fromSlot: number;
  toSlot: number;
  channels: number;
  /** Estimated messages per second the shard processes. */
  ratePerSec: number;
  hot: boolean;
  /** One of two or more shards tied for the most load: none of them is "the" hot shard. */
  tied: boolean;
}

export interface SlotMap {
  mode: 'standalone' | 'sentinel' | 'cluster';
  publish: 'classic' | 'sharded';
  channels: ChannelSlot[];
  shards: ShardLoad[];
  /** Channels not drawn (groups above the per-group limit are sampled). */
  omittedChannels: number;
  /** Busiest shard against the mean, in % (0 with one shard). */
  imbalancePct: number;
}

/** Channels drawn per group at most; beyond it, an even sample with rates scaled up. */
export const MAX_CHANNELS_PER_GROUP = 2000;

/** Relative weight of channel `index` in a group of `count` under its spread. */
export function spreadWeights(spread: PubsubSpec['channels'][number]['spread'], count: number): Float64Array {
  const weights = new Float64Array(count);
  if (spread.dist === 'zipf') {
    for (let i = 0; i < count; i++) weights[i] = 1 / (i + 1) ** spread.alpha;
  } else if (spread.dist === 'hot') {
    const share = Number.parseFloat(spread.share) / 100;
    weights.fill((1 - share) / count);
    weights[0] += share;
  } else {
    weights.fill(1);
  }
  let sum = 0;
  for (const w of weights) sum += w;
  for (let i = 0; i < count; i++) weights[i] /= sum;
  return weights;
}

export function slotMap(pubsub: PubsubSpec): SlotMap {
  const topology = pubsub.topology;
  const shardCount = topology.mode === 'cluster' ? topology.shards ?? 3 : 1;
  const ranges = evenSlotRanges(shardCount);
  const shardOf = (slot: number) => ranges.findIndex(([from, to]) => slot >= from && slot <= to);
  const channels: ChannelSlot[] = [];
  let omitted = 0;
  for (const group of pubsub.channels) {
    const rate = parseRatePerSec(group.publishRate);
    const groupRate = rate.ok ? rate.value : 0;
    const weights = spreadWeights(group.spread, group.count);
    const step = Math.max(1, Math.ceil(group.count / MAX_CHANNELS_PER_GROUP));
    for (let index = 0; index < group.count; index += step) {
      const name = channelName(group.pattern, index);
      const slot = keyHashSlot(name);
      let weight = 0;
      for (let j = index; j < Math.min(group.count, index + step); j++) weight += weights[j];
      channels.push({ group: group.name, name, slot, shard: shardOf(slot), ratePerSec: groupRate * weight });
    }
    omitted += group.count - Math.ceil(group.count / step);
  }
  const total = channels.reduce((sum, c) => sum + c.ratePerSec, 0);
  const shards: ShardLoad[] = ranges.map(([fromSlot, toSlot], shard) => {
    const own = channels.filter((c) => c.shard === shard);
    // A classic PUBLISH is broadcast over the bus: every node handles every message.
    const ratePerSec = topology.publish === 'sharded' || shardCount === 1 ? own.reduce((sum, c) => sum + c.ratePerSec, 0) : total;
    return { shard, fromSlot, toSlot, channels: own.length, ratePerSec, hot: false, tied: false };
  });
  const mean = shards.reduce((sum, s) => sum + s.ratePerSec, 0) / shards.length;
  const busiest = shards.reduce((best, s) => (s.ratePerSec > best.ratePerSec ? s : best), shards[0]);
  const imbalancePct = shards.length > 1 && mean > 0 ? ((busiest.ratePerSec - mean) / mean) * 100 : 0;
  const { hot, tied } = hotIndex(shards.map((s) => s.ratePerSec));
  if (hot !== null) shards[hot].hot = true;
  for (const index of tied) shards[index].tied = true;
  return { mode: topology.mode, publish: topology.publish, channels, shards, omittedChannels: omitted, imbalancePct };
}

export { CLUSTER_SLOTS };

/** The shard owning `slot`, if any. */
export function shardAt(map: Pick<SlotMap, 'shards'>, slot: number): ShardLoad | undefined {
  return map.shards.find((s) => slot >= s.fromSlot && slot <= s.toSlot);
}

/**
 * The slot map's colour scale is absolute, not relative to the busiest shard: messages per second
 * on a log scale from 1/s to 1 M/s, so the same load has the same shade in every design and a
 * balanced design is not painted dark red for being balanced.
 */
export const LOAD_SCALE_MAX_PER_SEC = 1_000_000;
export const LOAD_SCALE_TICKS = [1, 100, 10_000, LOAD_SCALE_MAX_PER_SEC] as const;

/** Where `ratePerSec` falls on the absolute scale, 0 (≤ 1/s) to 1 (≥ 1 M/s). */
export function loadShare(ratePerSec: number): number {
  if (!(ratePerSec > 1)) return 0;
  return Math.min(1, Math.log10(ratePerSec) / Math.log10(LOAD_SCALE_MAX_PER_SEC));
}
