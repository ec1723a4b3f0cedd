import { describe, expect, it } from 'vitest';
import { drawDecimated } from './decimate';

function record() {
  const ops: string[] = [];
  return { ops, sink: { moveTo: (x: number, y: number) => ops.push(`M${x},${y}`), lineTo: (x: number, y: number) => ops.push(`L${x},${y}`) } };
}

describe('drawDecimated', () => {
  it('draws one column per pixel and keeps the extremes', () => {
    const data = Array.from({ length: 100_000 }, (_, i) => i);
    const { ops, sink } = record();
    const columns = drawDecimated(data.length, (i) => (data[i] / data.length) * 500, (i) => (data[i] === 50_000 ? 99 : 1), sink);
    expect(columns).toBeLessThanOrEqual(501);
    expect(ops.length).toBeLessThan(2000);
    expect(ops).toContain('L250,99');
  });

  it('breaks the line at missing values', () => {
    const { ops, sink } = record();
    const values = [1, Number.NaN, 3];
    drawDecimated(3, (i) => i * 10, (i) => values[i], sink);
    expect(ops).toEqual(['M0,1', 'M20,3']);
  });
});
