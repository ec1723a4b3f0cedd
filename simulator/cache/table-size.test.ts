import { describe, expect, it } from 'vitest';
import { TableSizeTracker, nextTableSize, tableSizeAfterCronResize, tableSizeBeforeAdd } from './table-size';

describe('table-size', () => {
  it('rounds up to a power of two of at least 4', () => {
    expect([0, 1, 4, 5, 8, 9, 100_000].map(nextTableSize)).toEqual([4, 4, 4, 8, 8, 16, 131072]);
  });

  it('allocates 4 buckets on the first insert and doubles when the table is full', () => {
    expect(tableSizeBeforeAdd(0, 0, Infinity)).toBe(4);
    expect(tableSizeBeforeAdd(3, 4, Infinity)).toBe(4);
    expect(tableSizeBeforeAdd(4, 4, Infinity)).toBe(8);
  });

  it('refuses to grow a table at most 1.618 full when the new table would exceed maxmemory', () => {
    expect(tableSizeBeforeAdd(1024, 1024, 2048 * 8 - 1)).toBe(1024);
    expect(tableSizeBeforeAdd(1024, 1024, 2048 * 8)).toBe(2048);
    expect(tableSizeBeforeAdd(1657, 1024, 0)).toBe(2048); // 1657 / 1024 > 1.618
  });

  it('shrinks in cron only when less than 10 % full', () => {
    expect(tableSizeAfterCronResize(103, 1024)).toBe(1024);
    expect(tableSizeAfterCronResize(102, 1024)).toBe(128);
    expect(tableSizeAfterCronResize(0, 4)).toBe(4);
    expect(tableSizeAfterCronResize(0, 64)).toBe(4);
  });

  it('tracks the table size of a dict through adds, removes and cron resizes', () => {
    const tracker = new TableSizeTracker();
    for (let i = 0; i < 9; i++) tracker.add(Infinity);
    expect(tracker.tableSize).toBe(16);
    for (let i = 0; i < 8; i++) tracker.remove();
    expect(tracker.tableSize).toBe(16);
    expect(tracker.shrinkIfSparse()).toBe(-12);
    expect(tracker.tableSize).toBe(4);
  });
});
