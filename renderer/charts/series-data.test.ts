import { describe, expect, it } from 'vitest';
import { fillPoints, nearestIndex, pointsFor, stepIndex, visibleRange, yExtent } from './series-data';
import type { SeriesSource } from './series-data';

function series(data: number[], source: unknown = data): SeriesSource {
  return { label: 'line', count: data.length, x: (i) => i * 10, y: (i) => data[i], source };
}

describe('series points', () => {
  it('reads a series in slices until the deadline, then goes on where it stopped', () => {
    const data = Array.from({ length: 100 }, (_, i) => i * 2);
    const points = pointsFor(undefined, series(data));
    let calls = 0;
    expect(fillPoints(points, series(data), () => ++calls >= 3, 16)).toBe(false);
    expect(points.count).toBe(48);
    expect(fillPoints(points, series(data), () => false, 16)).toBe(true);
    expect(points.count).toBe(100);
    expect(Array.from(points.ys.subarray(0, 100))).toEqual(data);
  });

  it('keeps the points of a growing series and reads only the new ones', () => {
    const data = [1, 2, 3];
    const first = pointsFor(undefined, series(data));
    fillPoints(first, series(data), () => false);
    data.push(4, 5);
    const again = pointsFor(first, series(data));
    expect(again).toBe(first);
    let read = 0;
    const counting: SeriesSource = { ...series(data), y: (i) => { read++; return data[i]; } };
    fillPoints(again, counting, () => false);
    expect(read).toBe(2);
    expect(Array.from(again.ys.subarray(0, again.count))).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts again when the data behind the series is another', () => {
    const cached = pointsFor(undefined, series([1, 2, 3]));
    fillPoints(cached, series([1, 2, 3]), () => false);
    expect(pointsFor(cached, series([7, 8, 9, 10])).count).toBe(0);
    expect(pointsFor(cached, { ...series([1, 2, 3, 4]), source: undefined }).count).toBe(0);
  });

  it('finds the point nearest a time and the points inside a time window', () => {
    const xs = [0, 10, 20, 30, 40];
    expect(nearestIndex(xs, 5, 14)).toBe(1);
    expect(nearestIndex(xs, 5, 16)).toBe(2);
    expect(nearestIndex(xs, 5, -5)).toBe(0);
    expect(nearestIndex(xs, 5, 99)).toBe(4);
    expect(nearestIndex(xs, 0, 5)).toBe(-1);
    expect(visibleRange(xs, 5, 15, 25)).toEqual([1, 4]);
    expect(visibleRange(xs, 5, 0, 40)).toEqual([0, 5]);
  });

  it('skips gaps in the y extent', () => {
    expect(yExtent([3, Number.NaN, -1, 8], 0, 4)).toEqual([-1, 8]);
    expect(yExtent([Number.NaN], 0, 1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('given a keyboard step smaller than the spacing, then it still lands on the next point, and stops at the ends', () => {
    const xs = new Float64Array([0, 10, 20, 25, 40]);
    expect(stepIndex(xs, 5, 10, 11)).toBe(2);
    expect(stepIndex(xs, 5, 25, 24)).toBe(2);
    expect(stepIndex(xs, 5, 10, 30)).toBe(3);
    expect(stepIndex(xs, 5, 40, 41)).toBe(4);
    expect(stepIndex(xs, 5, 0, -1)).toBe(0);
    expect(stepIndex(xs, 5, null, 3)).toBe(0);
    expect(stepIndex(xs, 0, 1, 2)).toBe(-1);
  });
});
