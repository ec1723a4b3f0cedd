import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLUSTER_SLOTS, evenSlotRanges } from './slots';

describe('evenSlotRanges', () => {
  it('splits three masters exactly like redis-cli --cluster create', () => {
    expect(evenSlotRanges(3)).toEqual([
      { start: 0, end: 5460 },
      { start: 5461, end: 10922 },
      { start: 10923, end: 16383 },
    ]);
    expect(evenSlotRanges(1)).toEqual([{ start: 0, end: 16383 }]);
  });

  it('always covers every slot once, in contiguous ranges that differ in size by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (masters) => {
      const ranges = evenSlotRanges(masters);
      expect(ranges).toHaveLength(masters);
      expect(ranges[0].start).toBe(0);
      expect(ranges[ranges.length - 1].end).toBe(CLUSTER_SLOTS - 1);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i].start).toBe(ranges[i - 1].end + 1);
      const sizes = ranges.map((range) => range.end - range.start + 1);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
  });

  it('refuses impossible master counts', () => {
    expect(() => evenSlotRanges(0)).toThrow(RangeError);
    expect(() => evenSlotRanges(2.5)).toThrow(RangeError);
  });
});
