/**
 * Which shard is hot, if one is: a tie is a tie, and a lead within noise is no lead. One rule for
 * both engines' results, the design's slot map and the renderer (older saved runs included).
 */
import type { PubsubMetrics, PubsubShardMetrics } from '../run/schema';

/** A shard leads when its load is more than this far above the mean, %. */
export const HOT_LEAD_PCT = 10;
/** Loads within this fraction of the top tie with it. */
export const TIE_TOLERANCE = 0.005;

export interface HotShards {
  /** The index of the value that stands out, or null. */
  hot: number | null;
  /** Two or more indexes tied for the top (then `hot` is null); empty otherwise. */
  tied: number[];
}

/**
 * The busiest of `values` when it stands out: null with fewer than two values, no load, a lead of
 * at most `minLeadPct` over the mean, or a tie (two or more within `tieTolerance` of the top).
 */
export function hotIndex(values: ReadonlyArray<number>, minLeadPct = HOT_LEAD_PCT, tieTolerance = TIE_TOLERANCE): HotShards {
  if (values.length < 2) return { hot: null, tied: [] };
  const top = Math.max(...values);
  if (!(top > 0)) return { hot: null, tied: [] };
  const atTop = values.flatMap((v, i) => (top - v <= top * tieTolerance ? [i] : []));
  if (atTop.length > 1) return { hot: null, tied: atTop };
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { hot: ((top - mean) / mean) * 100 > minLeadPct ? atTop[0] : null, tied: [] };
}

/** Marks the hot shard of a result's shards (by messages per second) and returns the verdict. */
export function markHotShard(shards: PubsubShardMetrics[]): HotShards {
  const verdict = hotIndex(shards.map((s) => s.msgsPerSec));
  shards.forEach((s, i) => { s.hot = i === verdict.hot; });
  return verdict;
}

/**
 * The verdict a result records; for a run saved before `tiedShards` existed (whose `hotShard` was
 * simply the busiest node, tie or not), the same rule applied to its shards.
 */
export function hotShardsOf(pubsub: Pick<PubsubMetrics, 'shards' | 'hotShard' | 'tiedShards'>): HotShards {
  if (pubsub.tiedShards) return { hot: pubsub.hotShard, tied: pubsub.tiedShards };
  return hotIndex(pubsub.shards.map((s) => s.msgsPerSec));
}
