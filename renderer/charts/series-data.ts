/**
 * A chart series read into typed arrays once, so drawing, zooming and hovering never call back
 * into the data: filled incrementally (a streaming run appends; a 100 000-point result is read in
 * slices across frames) and searched by time. Pure; x must not decrease along a series.
 */

/** What a chart needs of a line: `count` points read by index. */
export interface SeriesSource {
  label: string;
  count: number;
  x: (i: number) => number;
  y: (i: number) => number;
  /** The data behind x/y (e.g. the snapshots array): while it stays the same, points are only appended. */
  source?: unknown;
}

export interface SeriesPoints {
  source: unknown;
  xs: Float64Array;
  ys: Float64Array;
  count: number;
}

const EMPTY = new Float64Array(0);

/** Points to fill for `series`: the cached ones when they are a prefix of it, else a fresh start. */
export function pointsFor(cached: SeriesPoints | undefined, series: SeriesSource): SeriesPoints {
  if (cached && series.source !== undefined && cached.source === series.source && cached.count <= series.count) return cached;
  return { source: series.source, xs: EMPTY, ys: EMPTY, count: 0 };
}

/**
 * Reads the series' next points into `points` until it is complete or `deadline()` says stop
 * (checked every `slice` points). True when complete.
 */
export function fillPoints(points: SeriesPoints, series: SeriesSource, deadline: () => boolean, slice = 4096): boolean {
  const target = series.count;
  if (points.xs.length < target) {
    const capacity = Math.max(target, Math.min(target * 2, points.xs.length * 2), 64);
    const xs = new Float64Array(capacity);
    const ys = new Float64Array(capacity);
    xs.set(points.xs.subarray(0, points.count));
    ys.set(points.ys.subarray(0, points.count));
    points.xs = xs;
    points.ys = ys;
  }
  while (points.count < target) {
    const end = Math.min(target, points.count + slice);
    for (let i = points.count; i < end; i++) {
      points.xs[i] = series.x(i);
      points.ys[i] = series.y(i);
    }
    points.count = end;
    if (points.count < target && deadline()) return false;
  }
  return true;
}

/** The first index whose x is ≥ `x` (count when none). */
export function lowerBound(xs: ArrayLike<number>, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index whose x is closest to `x`, or -1 for an empty series. */
export function nearestIndex(xs: ArrayLike<number>, count: number, x: number): number {
  if (count === 0) return -1;
  const i = lowerBound(xs, count, x);
  if (i >= count) return count - 1;
  if (i > 0 && x - xs[i - 1] <= xs[i] - x) return i - 1;
  return i;
}

/**
 * The point a keyboard step from x `from` towards `to` lands on: the nearest to `to`, or, when
 * that is still the point at `from`, its neighbour in the step's direction (one point per step).
 */
export function stepIndex(xs: ArrayLike<number>, count: number, from: number | null, to: number): number {
  const i = nearestIndex(xs, count, to);
  if (from === null || i < 0 || from === to || i !== nearestIndex(xs, count, from)) return i;
  return Math.min(count - 1, Math.max(0, i + Math.sign(to - from)));
}

/** Indexes [from, to) of the points inside [x0, x1], widened by one on each side so lines reach the edges. */
export function visibleRange(xs: ArrayLike<number>, count: number, x0: number, x1: number): [number, number] {
  const from = Math.max(0, lowerBound(xs, count, x0) - 1);
  const to = Math.min(count, lowerBound(xs, count, x1) + 1);
  return [from, Math.max(from, to)];
}

/** Smallest and largest finite y in [from, to); [+∞, −∞] when there is none. */
export function yExtent(ys: ArrayLike<number>, from: number, to: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const v = ys[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
