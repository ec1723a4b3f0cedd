/**
 * Everything the hot path needs about a channel, packed in one Float64Array record per channel
 * (one cache line): a message goes to a random channel, and separate arrays would each miss.
 */

export const CH_CLASS = 0;
export const CH_NODE = 1;
/** group · 2^21 + name bytes (channel names are at most 4 000 bytes). */
const CH_GROUP_NAME = 2;
/** Clients following the channel, over all workers. */
export const CH_RECIPIENTS = 3;
/** The channel's range in CohortTable.chanWorkers: workers with at least one follower. */
export const CH_WORKERS_START = 4;
export const CH_WORKERS_END = 5;
/** Messages published on the channel so far (a counter the simulation updates). */
export const CH_PUBLISHES = 6;
/**
 * cohort · 1024 + worker when exactly one cohort follows the channel alone (per-user channels),
 * else −1: the fan-out then needs no routing-table lookup.
 */
export const CH_SOLE = 7;
export const CH_STRIDE = 8;

const NAME_SPAN = 2 ** 21;
/** Workers are at most 1024, so a (cohort, worker) pair packs exactly into one double. */
export const SOLE_WORKERS = 1024;

export function setGroupAndName(info: Float64Array, record: number, group: number, nameBytes: number): void {
  info[record + CH_GROUP_NAME] = group * NAME_SPAN + nameBytes;
}

export function groupOf(info: Float64Array, record: number): number {
  return Math.floor(info[record + CH_GROUP_NAME] / NAME_SPAN);
}

export function nameBytesOf(info: Float64Array, record: number): number {
  return info[record + CH_GROUP_NAME] % NAME_SPAN;
}
