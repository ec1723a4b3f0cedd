import { describe, expect, it } from 'vitest';
import { hotIndex } from './hot-shard';

describe('hot shard', () => {
  it('given one shard clearly above the mean, then it is hot and nothing ties', () => {
    expect(hotIndex([4000, 5000, 31_000])).toEqual({ hot: 2, tied: [] });
  });

  it('given two shards tied for the most load, then neither is hot and both are named as tied', () => {
    expect(hotIndex([15.8, 15.8, 10.5])).toEqual({ hot: null, tied: [0, 1] });
    expect(hotIndex([100, 99.7, 10])).toEqual({ hot: null, tied: [0, 1] });
  });

  it('given a lead within 10 % of the mean, a single shard, or no load, then there is no hot shard', () => {
    expect(hotIndex([100, 105, 98])).toEqual({ hot: null, tied: [] });
    expect(hotIndex([500])).toEqual({ hot: null, tied: [] });
    expect(hotIndex([0, 0, 0])).toEqual({ hot: null, tied: [] });
  });
});
