import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenSlotRanges, shardOfSlotTable } from './slots';

describe('evenSlotRanges (redis-cli --cluster create)', () => {
  it('splits 3 masters as 0-5460, 5461-10922, 10923-16383', () => {
    expect(evenSlotRanges(3)).toEqual([[0, 5460], [5461, 10922], [10923, 16383]]);
  });

  it('splits 6 masters as redis-cli prints them', () => {
    expect(evenSlotRanges(6)).toEqual([[0, 2730], [2731, 5460], [5461, 8191], [8192, 10922], [10923, 13652], [13653, 16383]]);
  });

  it('gives one master every slot', () => {
    expect(evenSlotRanges(1)).toEqual([[0, 16383]]);
  });

  it('covers every slot exactly once, in order, for any shard count (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (shards) => {
      const ranges = evenSlotRanges(shards);
      expect(ranges).toHaveLength(shards);
      expect(ranges[0][0]).toBe(0);
      expect(ranges[shards - 1][1]).toBe(16383);
      for (let i = 1; i < shards; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
      const table = shardOfSlotTable(ranges.map((r) => [r]));
      expect(table.every((shard) => shard >= 0 && shard < shards)).toBe(true);
    }));
  });

  it('refuses a shard count of 0 or 1001 with a message naming the valid range', () => {
    expect(() => evenSlotRanges(0)).toThrow(/from 1 to 1000/);
    expect(() => evenSlotRanges(1001)).toThrow(/from 1 to 1000/);
  });
});
