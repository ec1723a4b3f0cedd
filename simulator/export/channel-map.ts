/**
 * The channel/shard map of the report: for every channel group, how its channels spread over the
 * cluster's shards (slots as Redis Cluster computes them, ranges as `redis-cli --cluster create`
 * assigns them). Groups with hash tags often land many channels on one shard.
 */
import { renderKey } from '../model';
import { evenSlotRanges, keyHashSlot } from '../pubsub';
import type { ExportFacts } from './facts';

/** Channels per group whose slots are computed; beyond this the map is a sample. */
export const MAX_MAPPED_CHANNELS = 10_000;

export interface ChannelMapRow {
  group: string;
  pattern: string;
  count: number;
  className: string;
  delivery: 'pubsub' | 'streams';
  publishRatePerSec: number;
  /** Channels of the group on each shard (of the first `mapped`). */
  perShard: number[];
  mapped: number;
  example: { name: string; slot: number; shard: number };
}

export interface ChannelMap {
  mode: string;
  publish: 'classic' | 'sharded';
  shards: number;
  slotRanges: Array<[number, number]>;
  rows: ChannelMapRow[];
}

export function channelMap(facts: ExportFacts): ChannelMap | null {
  const pubsub = facts.pubsub;
  if (!pubsub || facts.channels.length === 0) return null;
  const shards = pubsub.topology.mode === 'cluster' ? pubsub.topology.shards ?? 3 : 1;
  const slotRanges = evenSlotRanges(shards);
  const shardOf = (slot: number) => slotRanges.findIndex(([from, to]) => slot >= from && slot <= to);
  const rows = facts.channels.map((group): ChannelMapRow => {
    const mapped = Math.min(group.count, MAX_MAPPED_CHANNELS);
    const perShard = new Array<number>(shards).fill(0);
    for (let i = 0; i < mapped; i++) perShard[shardOf(keyHashSlot(renderKey(group.pattern, i)))]++;
    const name = renderKey(group.pattern, 0);
    const slot = keyHashSlot(name);
    return {
      group: group.name, pattern: group.pattern, count: group.count, className: group.className,
      delivery: group.delivery, publishRatePerSec: group.publishRatePerSec, perShard, mapped,
      example: { name, slot, shard: shardOf(slot) },
    };
  });
  return { mode: pubsub.topology.mode, publish: pubsub.topology.publish, shards, slotRanges, rows };
}
