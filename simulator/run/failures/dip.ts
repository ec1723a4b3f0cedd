/**
 * One definition, for both engines, of what a failure did to the hit ratio, read off the run's
 * series (cumulative hits and misses at each snapshot; a read that errored is in neither, it is
 * counted in the event's errors):
 * - hitRatioBefore: hits ÷ reads over the 2 s before the event;
 * - hitRatioMin: the lowest of the 500 ms buckets from when Redis answers again (`backMs`) to the
 *   end of the event's window (the next event or the run's end) — the outage itself is in errors,
 *   fell-through and failed requests, not in the dip;
 * - recoveryMs: from the event to the end of the first bucket, at or after the lowest, back within
 *   1 pp of before (to `backMs` when there was no dip; null: not within the window);
 * - originPeakQps: the origin's queries per second in the busiest 500 ms bucket from the event on
 *   (the outage included: reads that fall through while Redis is away are the first herd).
 */
import type { Snapshot } from '../result';

/** The stretch before an event whose hit ratio is its "before" (ms). */
export const DIP_BEFORE_MS = 2000;
/** Hit ratio and origin load after an event are measured per bucket of this many ms (snapshots are finer and noisy). */
export const DIP_BUCKET_MS = 500;
/** Recovered: a bucket's hit ratio is back within this of before. */
export const RECOVERED_WITHIN = 0.01;

export interface Between { reads: number; hits: number; stale: number; originQueries: number }

/** Reads, hits, stale reads and origin queries in (fromMs, toMs] of a series whose counters are cumulative. */
export function seriesBetween(series: readonly Snapshot[], fromMs: number, toMs: number): Between {
  let first: Snapshot | undefined;
  let last: Snapshot | undefined;
  let originQueries = 0;
  let previousMs = 0;
  for (const s of series) {
    if (s.tMs <= fromMs) first = s;
    else if (s.tMs <= toMs) {
      last = s;
      originQueries += (s.originQueriesPerSec * (s.tMs - Math.max(previousMs, fromMs))) / 1000;
    }
    previousMs = s.tMs;
  }
  if (!last) return { reads: 0, hits: 0, stale: 0, originQueries: 0 };
  const hits = last.hits - (first?.hits ?? 0);
  return { reads: hits + last.misses - (first?.misses ?? 0), hits, stale: last.staleReads - (first?.staleReads ?? 0), originQueries };
}

export interface Dip { hitRatioBefore: number; hitRatioMin: number; recoveryMs: number | null; originPeakQps: number }

/** The dip of an event fired at `startMs`, Redis back at `backMs`, its window ending at `endMs`. */
export function dipOf(series: readonly Snapshot[], startMs: number, backMs: number, endMs: number): Dip {
  const before = seriesBetween(series, startMs - DIP_BEFORE_MS, startMs);
  const hitRatioBefore = before.reads > 0 ? before.hits / before.reads : 0;
  const buckets: Array<{ endMs: number; ratio: number }> = [];
  let originPeakQps = 0;
  for (let from = startMs; from + DIP_BUCKET_MS / 2 <= endMs; from += DIP_BUCKET_MS) {
    const to = Math.min(endMs, from + DIP_BUCKET_MS);
    originPeakQps = Math.max(originPeakQps, (seriesBetween(series, from, to).originQueries * 1000) / (to - from));
  }
  for (let from = backMs; from + DIP_BUCKET_MS / 2 <= endMs; from += DIP_BUCKET_MS) {
    const to = Math.min(endMs, from + DIP_BUCKET_MS);
    const part = seriesBetween(series, from, to);
    if (part.reads > 0) buckets.push({ endMs: to, ratio: part.hits / part.reads });
  }
  const minIndex = buckets.reduce((m, b, i) => (m < 0 || b.ratio < buckets[m].ratio ? i : m), -1);
  const hitRatioMin = minIndex < 0 ? hitRatioBefore : Math.min(hitRatioBefore, buckets[minIndex].ratio);
  const back = buckets.slice(Math.max(0, minIndex)).find((b) => b.ratio >= hitRatioBefore - RECOVERED_WITHIN);
  return {
    hitRatioBefore,
    hitRatioMin,
    recoveryMs: hitRatioMin >= hitRatioBefore - RECOVERED_WITHIN ? backMs - startMs : back ? back.endMs - startMs : null,
    originPeakQps,
  };
}
