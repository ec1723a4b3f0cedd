import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeySampler, Rng } from '../traffic';
import { LruStackDistance } from './mrc';

/** The obvious reference: a real LRU (a Map in recency order) that evicts from the old end. */
function naiveLruHitRatio(ids: readonly number[], sizeOf: (id: number) => number, capacity: number): number {
  const cache = new Map<number, number>();
  let used = 0;
  let hits = 0;
  for (const id of ids) {
    const size = sizeOf(id);
    if (cache.has(id)) {
      hits++;
      cache.delete(id);
      cache.set(id, size);
      continue;
    }
    cache.set(id, size);
    used += size;
    while (used > capacity) {
      const [oldest, oldestSize] = cache.entries().next().value as [number, number];
      cache.delete(oldest);
      used -= oldestSize;
    }
  }
  return ids.length === 0 ? 0 : hits / ids.length;
}

function zipfTrace(requests: number, keys: number, alpha: number, seed: number): Int32Array {
  const sampler = createKeySampler({ kind: 'zipf', alpha }, keys, new Rng(seed));
  const ids = new Int32Array(requests);
  for (let i = 0; i < requests; i++) ids[i] = sampler.next();
  return ids;
}

const trace = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 0, maxLength: 600 });

describe('LruStackDistance', () => {
  it('gives exactly the hit ratio of a real LRU at every size in keys, in one pass', () => {
    fc.assert(
      fc.property(trace, (ids) => {
        const mrc = new LruStackDistance();
        for (const id of ids) mrc.access(id);
        const sizes = [0, 1, 2, 3, 5, 8, 13, 30, 61, 100];
        const curve = mrc.curve(sizes);
        sizes.forEach((size, i) => expect(curve[i]).toBe(naiveLruHitRatio(ids, () => 1, size)));
      }),
    );
  });

  it('gives exactly the hit ratio of a real LRU at every size in bytes, keys having their own sizes', () => {
    fc.assert(
      fc.property(trace, fc.integer({ min: 1, max: 1000 }), (ids, salt) => {
        const sizeOf = (id: number): number => 1 + ((id * 7919 + salt) % 97);
        const mrc = new LruStackDistance({ unit: 'bytes' });
        for (const id of ids) mrc.access(id, sizeOf(id));
        const sizes = [0, 50, 96, 97, 200, 500, 1000, 2500, 8000];
        const curve = mrc.curve(sizes);
        sizes.forEach((size, i) => expect(curve[i]).toBe(naiveLruHitRatio(ids, sizeOf, size)));
      }),
    );
  });

  it('stays exact across many clock compactions (a long trace over a few keys)', () => {
    const ids = Array.from(zipfTrace(50_000, 300, 0.8, 3));
    const mrc = new LruStackDistance();
    for (const id of ids) mrc.access(id);
    const sizes = [10, 50, 150, 299, 300];
    expect(mrc.curve(sizes)).toEqual(sizes.map((size) => naiveLruHitRatio(ids, () => 1, size)));
  });

  it('stays within 0.025 % of the byte capacity when byte distances grow large', () => {
    const ids = Array.from(zipfTrace(20_000, 2000, 0.9, 5));
    const sizeOf = (id: number): number => 1000 + ((id * 31) % 50_000);
    const mrc = new LruStackDistance({ unit: 'bytes' });
    for (const id of ids) mrc.access(id, sizeOf(id));
    for (const capacity of [1e6, 5e6, 2e7]) {
      const [estimate] = mrc.curve([capacity]);
      expect(estimate).toBeGreaterThanOrEqual(naiveLruHitRatio(ids, sizeOf, capacity));
      expect(estimate).toBeLessThanOrEqual(naiveLruHitRatio(ids, sizeOf, capacity * 1.00025));
    }
  });

  // SHARDS is reliable once a cache holds about a thousand sampled keys (sizes ≥ 1000 / rate),
  // as its authors report; these traces follow the simulator's typical keyspace of 10^6 keys.
  it('estimates the curve within 2 points from a 10 % SHARDS sample of a zipf trace', () => {
    const ids = zipfTrace(2_000_000, 1_000_000, 0.9, 11);
    const exact = new LruStackDistance();
    const sampled = new LruStackDistance({ sampleRate: 0.1 });
    for (const id of ids) {
      exact.access(id);
      sampled.access(id);
    }
    const sizes = [10_000, 50_000, 200_000, 500_000, 1_000_000];
    const truth = exact.curve(sizes);
    const estimate = sampled.curve(sizes);
    sizes.forEach((_, i) => expect(Math.abs(estimate[i] - truth[i])).toBeLessThan(0.02));
    expect(sampled.sampledAccesses).toBeLessThan(ids.length * 0.2);
    expect(Math.abs(sampled.estimatedDistinctKeys - exact.estimatedDistinctKeys) / exact.estimatedDistinctKeys).toBeLessThan(0.02);
  });

  it('estimates a byte curve within 2 points from a 10 % SHARDS sample', () => {
    const ids = zipfTrace(2_000_000, 1_000_000, 1.0, 12);
    const sizeOf = (id: number): number => 100 + (((id * 2654435761) >>> 0) % 4000);
    const exact = new LruStackDistance({ unit: 'bytes' });
    const sampled = new LruStackDistance({ unit: 'bytes', sampleRate: 0.1, seed: 99 });
    for (const id of ids) {
      exact.access(id, sizeOf(id));
      sampled.access(id, sizeOf(id));
    }
    const sizes = [2e7, 1e8, 4e8, 1e9, 2e9];
    const truth = exact.curve(sizes);
    const estimate = sampled.curve(sizes);
    sizes.forEach((_, i) => expect(Math.abs(estimate[i] - truth[i])).toBeLessThan(0.02));
  });

  it('reports zero hits before any access and for sizes below one key', () => {
    const mrc = new LruStackDistance();
    expect(mrc.curve([10])).toEqual([0]);
    mrc.access(1);
    mrc.access(1);
    expect(mrc.curve([0, 0.5, 1, Infinity])).toEqual([0, 0, 0.5, 0.5]);
  });

  it('rejects a sampling rate outside (0, 1] and ids that are not small non-negative integers', () => {
    expect(() => new LruStackDistance({ sampleRate: 0 })).toThrow(/sampleRate 0 .* \(0, 1\]/);
    expect(() => new LruStackDistance({ sampleRate: 1.5 })).toThrow(RangeError);
    expect(() => new LruStackDistance().access(-1)).toThrow(/key id -1/);
    expect(() => new LruStackDistance().access(2 ** 31)).toThrow(RangeError);
    expect(() => new LruStackDistance().access(1.5)).toThrow(RangeError);
  });
});
