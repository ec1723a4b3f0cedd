import { describe, expect, it } from 'vitest';
import { byteTicks, logTicks } from './ticks';

describe('axis ticks', () => {
  it('steps bytes in round binary units', () => {
    const mb = 1024 ** 2;
    expect(byteTicks(286 * mb)).toEqual([0, 100, 200, 300].map((v) => v * mb));
    expect(byteTicks(3000)).toEqual([0, 1024, 2048, 3072]);
    expect(byteTicks(0)).toEqual([0]);
  });

  it('puts log ticks on powers of ten', () => {
    expect(logTicks(0.3, 472)).toEqual([1, 10, 100]);
    expect(logTicks(0.3, 20)).toEqual([0.5, 1, 2, 5, 10, 20]);
  });
});
