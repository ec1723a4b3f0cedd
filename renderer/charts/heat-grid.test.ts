import { describe, expect, it } from 'vitest';
import { bucketColumns, cellAt, heatGrid, heatLayout } from './heat-grid';

describe('heat map cells', () => {
  it('given fewer columns than pixels, then one bucket per column', () => {
    const layout = heatLayout(2, 10, 264, 44);
    expect(layout.buckets).toBe(10);
    expect(layout.cellWidth).toBe(20);
    expect(layout.cellHeight).toBe(18);
    expect(bucketColumns(layout, 3)).toEqual([3, 4]);
  });

  it('given more columns than pixels, then each bucket is the mean of its columns, gaps left out', () => {
    const layout = heatLayout(2, 400, 264, 44);
    expect(layout.buckets).toBe(200);
    expect(bucketColumns(layout, 0)).toEqual([0, 2]);
    expect(bucketColumns(layout, 199)).toEqual([398, 400]);
    const grid = heatGrid(layout, (c, r) => (r === 0 ? c : c === 1 ? Number.NaN : 10));
    expect(grid[0]).toBe(0.5); // bucket 0, row 0: columns 0 and 1
    expect(grid[1]).toBe(10); // bucket 0, row 1: column 1 is a gap
    expect(grid[199 * 2]).toBe(398.5);
  });

  it('given a point, then the cell under it; outside the cells, none', () => {
    const layout = heatLayout(3, 10, 264, 62);
    expect(cellAt(layout, 64, 4)).toEqual({ bucket: 0, row: 0 });
    expect(cellAt(layout, 64 + 20 * 4 + 5, 4 + 18 * 2 + 1)).toEqual({ bucket: 4, row: 2 });
    expect(cellAt(layout, 30, 10)).toBeNull();
    expect(cellAt(layout, 100, 4 + 18 * 3 + 1)).toBeNull();
    expect(cellAt(heatLayout(3, 0, 264, 62), 100, 10)).toBeNull();
  });
});
