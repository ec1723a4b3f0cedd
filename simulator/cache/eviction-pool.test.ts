import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVICTION_POOL_SIZE, EvictionPool, NO_CANDIDATE } from './eviction-pool';

function filled(pool: EvictionPool): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  for (let k = 0; k < EVICTION_POOL_SIZE; k++) if (pool.ids[k] !== NO_CANDIDATE) entries.push([pool.ids[k], pool.scores[k]]);
  return entries;
}

describe('eviction-pool', () => {
  it('keeps candidates sorted by ascending score with the best on the right', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 60 }), (scores) => {
      const pool = new EvictionPool();
      scores.forEach((score, id) => pool.insert(id, id, score));
      const entries = filled(pool);
      for (let k = 1; k < entries.length; k++) expect(entries[k][1]).toBeGreaterThanOrEqual(entries[k - 1][1]);
      // Occupied positions are contiguous from the left.
      expect(pool.ids.slice(0, entries.length).every((id) => id !== NO_CANDIDATE)).toBe(true);
    }));
  });

  it('keeps the 16 highest scores once full, dropping the lowest', () => {
    const pool = new EvictionPool();
    for (let id = 0; id < 40; id++) pool.insert(id, id, id);
    expect(filled(pool).map(([id]) => id)).toEqual(Array.from({ length: 16 }, (_, k) => 24 + k));
    pool.insert(99, 99, 1);
    expect(filled(pool).map(([id]) => id)[0]).toBe(24);
  });

  it('holds a key sampled twice in two positions, as Redis does', () => {
    const pool = new EvictionPool();
    pool.insert(7, 7, 10);
    pool.insert(7, 7, 20);
    expect(filled(pool)).toEqual([[7, 10], [7, 20]]);
  });

  it('places a new candidate left of an equal score, so the older one is taken first', () => {
    const pool = new EvictionPool();
    pool.insert(1, 1, 5);
    pool.insert(2, 2, 5);
    expect(filled(pool).map(([id]) => id)).toEqual([2, 1]);
  });
});
