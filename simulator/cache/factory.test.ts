import { describe, expect, it } from 'vitest';
import { cacheConfigErrors, defaultCacheConfig } from './config';
import { ExactLruCache } from './exact-lru';
import { createCache } from './factory';
import { RedisKeyspace } from './keyspace';
import { keyEntryBytes, USED_MEMORY_STARTUP_BYTES } from './memory';
import { Mulberry32 } from './testing-rng';

describe('createCache', () => {
  it('builds ExactLruCache for exact-lru and RedisKeyspace for Redis policies', () => {
    expect(createCache({ ...defaultCacheConfig(10), policy: 'exact-lru' }, new Mulberry32(1))).toBeInstanceOf(ExactLruCache);
    expect(createCache({ ...defaultCacheConfig(10), policy: 'volatile-ttl' }, new Mulberry32(1))).toBeInstanceOf(RedisKeyspace);
  });

  it('uses the Redis 7 defaults', () => {
    expect(defaultCacheConfig(10)).toMatchObject({
      maxmemoryBytes: 0, policy: 'noeviction', maxmemorySamples: 5, lfuLogFactor: 10, lfuDecayTimeMin: 1, hz: 10, activeExpireEffort: 1,
    });
    expect(cacheConfigErrors(defaultCacheConfig(10))).toEqual([]);
  });

  it('names every invalid field and what would be valid', () => {
    const errors = cacheConfigErrors({
      ...defaultCacheConfig(0), maxmemorySamples: 0, hz: 1000, activeExpireEffort: 11, groups: new Uint16Array(3), groupCount: 1,
    });
    expect(errors.map((error) => error.split(':')[0])).toEqual(['keyCapacity', 'maxmemorySamples', 'hz', 'activeExpireEffort', 'groups']);
    expect(errors[2]).toContain('1 … 500');
    expect(() => createCache({ ...defaultCacheConfig(10), hz: 0 }, new Mulberry32(1))).toThrow(/hz: 0/);
  });

  it('rejects group ids at or above groupCount', () => {
    expect(cacheConfigErrors({ ...defaultCacheConfig(2), groups: Uint16Array.of(0, 2), groupCount: 2 }))
      .toEqual(['groups[1]: group 2 is not below groupCount 2']);
  });

  it('checks a shared key table: its size, its group word, and groups given twice', () => {
    const table = { words: new Int32Array(8), stride: 4, groupWord: 3 };
    expect(cacheConfigErrors({ ...defaultCacheConfig(2), keyTable: table, groupCount: 2 })).toEqual([]);
    expect(cacheConfigErrors({ ...defaultCacheConfig(3), keyTable: table, groupCount: 2 }).map((e) => e.split(':')[0])).toEqual(['keyTable.words']);
    expect(cacheConfigErrors({ ...defaultCacheConfig(2), keyTable: { ...table, groupWord: 0 }, groupCount: 2 })[0]).toMatch(/^keyTable.groupWord: 0 must be −1 or a word of the record after the first/);
    expect(cacheConfigErrors({ ...defaultCacheConfig(2), keyTable: table })[0]).toMatch(/^groupCount/);
    expect(cacheConfigErrors({ ...defaultCacheConfig(2), keyTable: table, groupCount: 2, groups: new Uint16Array(2) })[0]).toMatch(/^groups: give the groups in keyTable.groupWord/);
  });
});

describe('a cache on a shared key table', () => {
  const STRIDE = 4;
  const GROUP = 3;

  /** Caller records: word 0 the cache's, word 2 the caller's marker, word 3 the group (high bits the caller's). */
  function records(capacity: number, from = 0, old?: Int32Array): Int32Array {
    const words = new Int32Array(capacity * STRIDE);
    if (old) words.set(old);
    for (let id = from; id < capacity; id++) {
      words[id * STRIDE + 2] = 1000 + id;
      words[id * STRIDE + GROUP] = (7 << 16) | (id % 2);
    }
    return words;
  }

  for (const policy of ['allkeys-lru', 'exact-lru'] as const) {
    it(`${policy}: keeps slots in word 0, counts groups from the group word's low bits, grows on the caller's table`, () => {
      let words = records(4);
      const cache = createCache({ ...defaultCacheConfig(4), policy, keyTable: { words, stride: STRIDE, groupWord: GROUP }, groupCount: 2 }, new Mulberry32(3));
      for (let id = 0; id < 4; id++) expect(words[id * STRIDE]).toBe(-1);
      cache.set(1, 5, 10, 0, 0);
      cache.set(2, 5, 10, 0, 0);
      expect(cache.get(1, 1)).toBe(true);
      expect(cache.get(3, 1)).toBe(false);
      expect(words[1 * STRIDE]).toBeGreaterThanOrEqual(0);
      expect(cache.stats.groups?.hits[1]).toBe(1);
      expect(cache.stats.groups?.misses[1]).toBe(1);
      expect(cache.stats.groups?.keys[0]).toBe(1);
      // Grow: the caller copies its words and fills the new ids; the cache clears their slots only.
      words = records(10, 4, words);
      words[8 * STRIDE] = 12345;
      cache.ensureCapacity(10, { words, stride: STRIDE, groupWord: GROUP });
      expect(words[8 * STRIDE]).toBe(-1);
      expect(words[8 * STRIDE + 2]).toBe(1008);
      expect(cache.get(2, 2)).toBe(true);
      cache.set(9, 5, 10, 0, 2);
      expect(cache.get(9, 3)).toBe(true);
      expect(cache.stats.groups?.keys[1]).toBe(2);
      expect(words[9 * STRIDE + 2]).toBe(1009);
      expect(words[9 * STRIDE + GROUP] >>> 16).toBe(7);
      expect(() => cache.ensureCapacity(20)).toThrow(/grows with the caller's grown table/);
    });
  }

  it('a cache with its own groups cannot grow: its groups would be unknown', () => {
    const cache = createCache({ ...defaultCacheConfig(2), policy: 'allkeys-lru', groups: Uint16Array.of(0, 1), groupCount: 2 }, new Mulberry32(3));
    expect(() => cache.ensureCapacity(4)).toThrow(/cannot grow/);
    const plain = createCache({ ...defaultCacheConfig(2), policy: 'allkeys-lru' }, new Mulberry32(3));
    plain.ensureCapacity(4);
    plain.set(3, 5, 10, 0, 0);
    expect(plain.get(3, 1)).toBe(true);
  });

  for (const policy of ['allkeys-lru', 'exact-lru'] as const) {
    it(`${policy}: counts an eviction or an expiry under the removed key's group, not the requesting key's`, () => {
      // Groups: even ids 0, odd ids 1. Room for about two keys of 1000 bytes.
      const groups = new Uint16Array(8).map((_, id) => id % 2);
      const maxmemoryBytes = USED_MEMORY_STARTUP_BYTES + 2 * keyEntryBytes(5, 1000, false) + 1000;
      const cache = createCache({ ...defaultCacheConfig(8), policy, maxmemoryBytes, groups, groupCount: 2 }, new Mulberry32(5));
      cache.set(0, 5, 1000, 0, 0);
      cache.set(2, 5, 1000, 0, 1);
      expect(cache.get(0, 2)).toBe(true);
      // Key 3 (group 1) pushes memory over the limit; the next command evicts key 2 or 0 (group 0).
      cache.set(3, 5, 1000, 0, 3);
      expect(cache.get(3, 4)).toBe(true);
      expect(cache.stats.evicted).toBeGreaterThan(0);
      expect(cache.stats.groups?.evicted[0]).toBe(cache.stats.evicted);
      expect(cache.stats.groups?.evicted[1]).toBe(0);
      // Key 5 (group 1) with a TTL; key 4 (group 0) finds key 5 expired only through the cron.
      const ttl = createCache({ ...defaultCacheConfig(8), policy, groups, groupCount: 2 }, new Mulberry32(5));
      ttl.set(5, 5, 10, 100, 0);
      ttl.set(4, 5, 10, 0, 0);
      for (let t = 0; t < 5000; t += 50) ttl.get(4, t);
      expect(ttl.stats.expiredActive).toBe(1);
      expect(ttl.stats.groups?.expired[1]).toBe(1);
      expect(ttl.stats.groups?.expired[0]).toBe(0);
      expect(ttl.stats.groups?.keys[1]).toBe(0);
      expect(ttl.stats.groups?.keys[0]).toBe(1);
    });
  }
});
