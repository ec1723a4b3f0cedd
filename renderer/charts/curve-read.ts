/**
 * Reading the curves the latency CDF and the miss-ratio curve draw, at the pointer: both are drawn
 * as straight segments between their points (the CDF on a log time axis), so the value read at a
 * pointer is the one on the drawn segment there. Pure.
 */

export interface CdfPoint {
  /** Upper bound of a histogram bucket. */
  ms: number;
  /** Share of all samples at or below `ms`. */
  share: number;
}

/** A latency histogram's cumulative shares, bucket by bucket (empty without samples). */
export function cdfPoints(histogram: ReadonlyArray<{ upToMs: number; count: number }>): CdfPoint[] {
  const total = histogram.reduce((sum, b) => sum + b.count, 0);
  if (!(total > 0)) return [];
  let running = 0;
  const points: CdfPoint[] = [];
  for (const b of histogram) {
    running += b.count;
    if (b.upToMs > 0) points.push({ ms: b.upToMs, share: running / total });
  }
  return points;
}

/**
 * The latency at which the CDF reaches `share` (0–1), on the drawn curve: interpolated between
 * two buckets' bounds on the log scale; the first bucket's bound below its share; null past the end.
 */
export function latencyAtShare(points: ReadonlyArray<CdfPoint>, share: number): number | null {
  if (points.length === 0 || share > points[points.length - 1].share + 1e-12) return null;
  const i = points.findIndex((p) => p.share >= share);
  if (i <= 0) return points[0].ms;
  const a = points[i - 1];
  const b = points[i];
  const f = b.share > a.share ? (share - a.share) / (b.share - a.share) : 1;
  return Math.exp(Math.log(a.ms) + f * (Math.log(b.ms) - Math.log(a.ms)));
}

export interface CurvePoint {
  maxmemoryBytes: number;
  hitRatio: number;
}

/**
 * The hit ratio the miss-ratio curve (drawn from 0 bytes, 0 % through its points, in order of
 * size) shows at `bytes`; null beyond its last point or before 0.
 */
export function hitRatioAt(points: ReadonlyArray<CurvePoint>, bytes: number): number | null {
  const curve = [{ maxmemoryBytes: 0, hitRatio: 0 }, ...points];
  if (!(bytes >= 0) || points.length === 0 || bytes > curve[curve.length - 1].maxmemoryBytes) return null;
  const i = curve.findIndex((p) => p.maxmemoryBytes >= bytes);
  if (i <= 0) return curve[0].hitRatio;
  const a = curve[i - 1];
  const b = curve[i];
  const f = b.maxmemoryBytes > a.maxmemoryBytes ? (bytes - a.maxmemoryBytes) / (b.maxmemoryBytes - a.maxmemoryBytes) : 1;
  return a.hitRatio + f * (b.hitRatio - a.hitRatio);
}
