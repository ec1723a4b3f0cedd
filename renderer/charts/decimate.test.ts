import { describe, expect, it } from 'vitest';
import { drawDecimated, linearOf } from './decimate';

function record() {
  const ops: string[] = [];
  return { ops, sink: { moveTo: (x: number, y: number) => ops.push(`M${x},${y}`), lineTo: (x: number, y: number) => ops.push(`L${x},${y}`) } };
}

const identity = { scale: 1, offset: 0 };

describe('drawDecimated', () => {
  it('draws one column per pixel and keeps the extremes', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => (i === 50_000 ? 99 : 1));
    const { ops, sink } = record();
    const columns = drawDecimated(xs, ys, 0, n, linearOf([0, n], [0, 500]), identity, sink);
    expect(columns).toBeLessThanOrEqual(501);
    expect(ops.length).toBeLessThan(2000);
    expect(ops).toContain('L250,99');
  });

  it('draws only the asked range', () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [5, 6, 7, 8, 9];
    const { ops, sink } = record();
    drawDecimated(xs, ys, 1, 3, identity, identity, sink);
    expect(ops).toEqual(['M1,6', 'L2,7']);
  });

  it('breaks the line at missing values', () => {
    const { ops, sink } = record();
    drawDecimated([0, 10, 20], [1, Number.NaN, 3], 0, 3, identity, identity, sink);
    expect(ops).toEqual(['M0,1', 'M20,3']);
  });

  it('hands a piece of one point to point() (a stroke would show nothing), never a piece of two', () => {
    const { ops, sink } = record();
    const points: string[] = [];
    const withPoint = { ...sink, point: (x: number, y: number) => points.push(`P${x},${y}`) };
    drawDecimated([0, 10, 20, 30, 30.2, 40], [1, Number.NaN, 3, Number.NaN, 5, 6], 0, 6, identity, identity, withPoint);
    expect(ops).toEqual(['M0,1', 'M20,3', 'M30,5', 'L40,6']);
    expect(points).toEqual(['P0,1', 'P20,3']);
    points.length = 0;
    drawDecimated([2400], [0.5], 0, 1, identity, identity, withPoint);
    expect(points).toEqual(['P2400,0.5']);
    points.length = 0;
    drawDecimated([5, 5.2], [1, 4], 0, 2, identity, identity, withPoint);
    expect(points).toEqual([]);
  });

  it('maps a domain onto a range as d3 does, inverted for y', () => {
    const y = linearOf([0, 1], [170, 10]);
    expect(y.scale * 0 + y.offset).toBe(170);
    expect(y.scale * 1 + y.offset).toBe(10);
    expect(linearOf([3, 3], [0, 100]).scale).toBe(0);
  });
});
