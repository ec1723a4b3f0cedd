/**
 * How a new cluster's 16384 hash slots are split among its masters: contiguous ranges computed
 * exactly as `redis-cli --cluster create` does, so a managed cluster looks like a hand-made one
 * (3 masters: 0-5460, 5461-10922, 10923-16383).
 */

/** The number of hash slots in a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/** An inclusive range of hash slots. */
export interface SlotRange {
  start: number;
  end: number;
}

/** Splits the slots into `masters` contiguous ranges (redis-cli's rounding). */
export function evenSlotRanges(masters: number): SlotRange[] {
  if (!Number.isInteger(masters) || masters < 1 || masters > CLUSTER_SLOTS) {
    throw new RangeError(`A cluster needs between 1 and ${CLUSTER_SLOTS} masters, not ${masters}.`);
  }
  const perMaster = CLUSTER_SLOTS / masters;
  const ranges: SlotRange[] = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < masters; i++) {
    let last = Math.round(cursor + perMaster - 1);
    if (last > CLUSTER_SLOTS - 1 || i === masters - 1) last = CLUSTER_SLOTS - 1;
    if (last < first) last = first;
    ranges.push({ start: first, end: last });
    first = last + 1;
    cursor += perMaster;
  }
  return ranges;
}
