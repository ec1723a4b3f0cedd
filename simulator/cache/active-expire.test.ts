import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { createCache } from './factory';
import type { CacheModel, CachePolicy } from './model';
import { Mulberry32 } from './testing-rng';

function filledCache(policy: CachePolicy, keys: number, ttlMsOf: (id: number) => number, activeExpireShare?: number): CacheModel {
  const cache = createCache({ ...defaultCacheConfig(keys), policy, activeExpireShare }, new Mulberry32(5));
  for (let id = 0; id < keys; id++) cache.set(id, 16, 32, ttlMsOf(id), 0);
  return cache;
}

describe('active-expire', () => {
  it('removes keys that all expired within a couple of seconds, without reads', () => {
    for (const policy of ['noeviction', 'allkeys-lru', 'exact-lru'] as const) {
      const cache = filledCache(policy, 20_000, (id) => (id % 2 === 0 ? 1000 : 0));
      cache.advance(3000);
      expect(cache.stats.expiredActive).toBe(10_000);
      expect(cache.stats.keys).toBe(10_000);
      expect(cache.stats.volatileKeys).toBe(0);
    }
  });

  it('reclaims sparse expired keys within one cursor pass over the expires table', () => {
    // 10 % expire after 1 s, the rest in an hour: each cycle stops after one loop of 20 keys.
    const cache = filledCache('allkeys-lru', 10_000, (id) => (id % 10 === 0 ? 1000 : 3_600_000));
    cache.advance(5000);
    const earlyShare = cache.stats.expiredActive / 1000;
    cache.advance(120_000);
    expect(earlyShare).toBeLessThan(0.5);
    expect(cache.stats.expiredActive).toBeGreaterThan(900);
  });

  it('in a sample of a quarter of the keys, run on a quarter of the ticks, reclaims the share the full keyspace does', () => {
    // 10 % expire after 1 s: each cycle meets ~2 expired keys in its one loop of 20, whatever the
    // table's size, so a keyspace 4× smaller reclaims its expired keys 4× sooner per tick.
    const sparse = (id: number) => (id % 10 === 0 ? 1000 : 3_600_000);
    const reclaimed = (cache: CacheModel, keys: number) => {
      cache.advance(6000);
      return cache.stats.expiredActive / (keys / 10);
    };
    const full = reclaimed(filledCache('allkeys-lru', 40_000, sparse), 40_000);
    const sampled = reclaimed(filledCache('allkeys-lru', 10_000, sparse, 0.25), 10_000);
    const unscaled = reclaimed(filledCache('allkeys-lru', 10_000, sparse), 10_000);
    expect(full).toBeGreaterThan(0);
    expect(Math.abs(sampled - full)).toBeLessThan(0.25 * full);
    expect(unscaled).toBeGreaterThan(2.5 * full);
  });

  it('stops a cycle at its time budget when very many keys expire at once', () => {
    const cache = filledCache('noeviction', 200_000, () => 1000);
    cache.advance(1000);
    expect(cache.stats.expiredActive).toBe(0);
    cache.advance(1100);
    expect(cache.stats.expireTimeCapReached).toBeGreaterThan(0);
    expect(cache.stats.expiredActive).toBeLessThan(200_000);
    cache.advance(4000);
    expect(cache.stats.expiredActive).toBe(200_000);
  });

  it('never expires a key at its exact expiry time, only after it', () => {
    const cache = filledCache('noeviction', 1, () => 200);
    cache.advance(200);
    expect(cache.stats.expiredActive).toBe(0);
    cache.advance(300);
    expect(cache.stats.expiredActive).toBe(1);
  });
});
