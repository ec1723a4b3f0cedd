/**
 * How slots are split over the masters of a new cluster, exactly as `redis-cli --cluster create`
 * does it (redis-cli.c clusterManagerCommandCreate): `slots_per_node = 16384 / (float) masters`,
 * a float cursor, `lround(cursor + slots_per_node - 1)` as each range's end, the last master
 * taking the rest. Three masters get 0-5460, 5461-10922, 10923-16383.
 */
import { CLUSTER_SLOTS } from './hash-slot';

/** An inclusive range of slots, `[from, to]`. */
export type SlotRange = [number, number];

/** The largest number of shards a plan accepts (Redis suggests at most 1000 nodes). */
export const MAX_SHARDS = 1000;

/** One range per shard, in shard order (the C code's float arithmetic, emulated with fround). */
export function evenSlotRanges(shards: number): SlotRange[] {
  if (!(Number.isInteger(shards) && shards >= 1 && shards <= MAX_SHARDS)) {
    throw new RangeError(`shard count ${shards} is not valid; use an integer from 1 to ${MAX_SHARDS}`);
  }
  const f = Math.fround;
  const slotsPerNode = f(CLUSTER_SLOTS / f(shards));
  const ranges: SlotRange[] = [];
  let first = 0;
  let cursor = f(0);
  for (let i = 0; i < shards; i++) {
    let last = lround(f(f(cursor + slotsPerNode) - 1));
    if (last > CLUSTER_SLOTS || i === shards - 1) last = CLUSTER_SLOTS - 1;
    if (last < first) last = first;
    ranges.push([first, last]);
    first = last + 1;
    cursor = f(cursor + slotsPerNode);
  }
  return ranges;
}

/** C's lround: halves round away from zero. */
function lround(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** slot → shard for every slot, from per-shard ranges. Slots no range covers map to -1. */
export function shardOfSlotTable(rangesPerShard: ReadonlyArray<ReadonlyArray<SlotRange>>): Int16Array {
  const table = new Int16Array(CLUSTER_SLOTS).fill(-1);
  rangesPerShard.forEach((ranges, shard) => {
    for (const [from, to] of ranges) table.fill(shard, from, to + 1);
  });
  return table;
}
