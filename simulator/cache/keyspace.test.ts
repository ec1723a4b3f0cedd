import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { RedisKeyspace } from './keyspace';
import { BUCKET_BYTES, EXPIRE_ENTRY_BYTES, USED_MEMORY_STARTUP_BYTES, keyEntryBytes } from './memory';
import type { CacheConfig, EvictionPolicy } from './model';
import { Mulberry32 } from './testing-rng';

const KEY_BYTES = 10;
const VALUE_BYTES = 100;
const ENTRY_BYTES = keyEntryBytes(KEY_BYTES, VALUE_BYTES, false);
/** Room for three plain keys in a 4-bucket main table. */
const THREE_KEYS_BYTES = USED_MEMORY_STARTUP_BYTES + 3 * ENTRY_BYTES + 4 * BUCKET_BYTES;
const A = 0, B = 1, C = 2, D = 3, E = 4, F = 5;

function keyspace(policy: EvictionPolicy, overrides: Partial<CacheConfig> = {}): RedisKeyspace {
  return new RedisKeyspace(
    { ...defaultCacheConfig(16), policy, maxmemoryBytes: THREE_KEYS_BYTES, maxmemorySamples: 16, ...overrides },
    new Mulberry32(7),
  );
}

function write(cache: RedisKeyspace, id: number, nowMs: number, ttlMs = 0): boolean {
  return cache.set(id, KEY_BYTES, VALUE_BYTES, ttlMs, nowMs);
}

describe('keyspace', () => {
  it('never evicts under noeviction: writes over the limit get OOM while reads and deletes still work', () => {
    const cache = keyspace('noeviction');
    for (const id of [A, B, C, D]) expect(write(cache, id, 0)).toBe(true);
    expect(cache.stats.usedMemoryBytes).toBeGreaterThan(THREE_KEYS_BYTES);
    expect(write(cache, E, 0)).toBe(false);
    expect(cache.stats.oomRejections).toBe(1);
    expect(cache.get(A, 0)).toBe(true);
    expect(cache.get(E, 0)).toBe(false);
    expect(cache.stats.evicted).toBe(0);
    expect(cache.del(D, 0)).toBe(true);
    expect(write(cache, E, 0)).toBe(true);
  });

  it('rejects writes under volatile-* once no key with a TTL is left to evict', () => {
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const) {
      const cache = keyspace(policy, { maxmemoryBytes: THREE_KEYS_BYTES + EXPIRE_ENTRY_BYTES + 4 * BUCKET_BYTES });
      write(cache, A, 0, 60_000);
      for (const id of [B, C, D]) write(cache, id, 0);
      expect(write(cache, E, 0)).toBe(true);
      expect(cache.has(A, 0)).toBe(false);
      expect(cache.stats.evicted).toBe(1);
      expect(write(cache, F, 0)).toBe(false);
      expect(cache.stats.oomRejections).toBe(1);
    }
  });

  it('evicts the idlest key under allkeys-lru', () => {
    const cache = keyspace('allkeys-lru');
    for (const id of [A, B, C]) write(cache, id, 0);
    cache.get(A, 5000);
    cache.get(C, 5000);
    write(cache, D, 5000);
    expect(cache.get(D, 5000)).toBe(true);
    expect(cache.has(B, 5000)).toBe(false);
    expect(cache.stats.evicted).toBe(1);
  });

  it('evicts a stale pool candidate without re-checking its idle time, as Redis does', () => {
    const cache = keyspace('allkeys-lru');
    write(cache, A, 0);
    write(cache, B, 1000);
    write(cache, C, 2000);
    write(cache, D, 10_000);
    // This read first evicts A; B (idle 9 s) and C (8 s) stay in the pool with those scores.
    expect(cache.get(B, 10_000)).toBe(true);
    expect(cache.has(A, 10_000)).toBe(false);
    write(cache, E, 10_000);
    // B was just read, yet its stale pool entry outranks C's.
    expect(cache.get(C, 10_000)).toBe(true);
    expect(cache.has(B, 10_000)).toBe(false);
  });

  it('evicts the least frequently used key under allkeys-lfu, counting decay', () => {
    const cache = keyspace('allkeys-lfu', { lfuLogFactor: 0 });
    for (const id of [A, B, C]) write(cache, id, 0);
    // Two minutes later: A and C decay to 3 when touched, then count up; B stays at 5 − 2 = 3.
    for (let i = 0; i < 3; i++) cache.get(A, 120_000);
    cache.get(C, 120_000);
    write(cache, D, 120_000);
    cache.get(D, 120_000);
    expect(cache.has(B, 120_000)).toBe(false);
    expect([A, C, D].every((id) => cache.has(id, 120_000))).toBe(true);
  });

  it('evicts the key that expires soonest under volatile-ttl', () => {
    const cache = keyspace('volatile-ttl', { maxmemoryBytes: THREE_KEYS_BYTES + 3 * EXPIRE_ENTRY_BYTES + 4 * BUCKET_BYTES });
    write(cache, A, 0, 50_000);
    write(cache, B, 0, 10_000);
    write(cache, C, 0, 30_000);
    write(cache, D, 0, 90_000);
    cache.get(D, 0);
    expect(cache.has(B, 0)).toBe(false);
    expect([A, C, D].every((id) => cache.has(id, 0))).toBe(true);
  });

  it('starts a new key at LFU counter 5 and keeps the counter when SET overwrites it', () => {
    const cache = keyspace('allkeys-lfu', { lfuLogFactor: 0, maxmemoryBytes: 0 });
    write(cache, A, 0);
    expect(cache.objectFreq(A, 0)).toBe(5);
    for (let i = 0; i < 3; i++) cache.get(A, 0);
    write(cache, A, 0);
    expect(cache.objectFreq(A, 0)).toBe(9);
  });

  it('decays the LFU counter by one per lfu-decay-time minute', () => {
    const cache = keyspace('allkeys-lfu', { lfuLogFactor: 0, maxmemoryBytes: 0 });
    write(cache, A, 0);
    for (let i = 0; i < 10; i++) cache.get(A, 0);
    expect(cache.objectFreq(A, 0)).toBe(15);
    expect(cache.objectFreq(A, 4 * 60_000)).toBe(11);
  });

  it('refreshes the LRU clock on reads and overwrites, at one-second resolution', () => {
    const cache = keyspace('allkeys-lru', { maxmemoryBytes: 0 });
    write(cache, A, 0);
    expect(cache.objectIdleTimeMs(A, 5999)).toBe(5000);
    write(cache, A, 6000);
    expect(cache.objectIdleTimeMs(A, 6000)).toBe(0);
  });

  it('expires a key lazily once now is past its expiry, counting a miss and an expired key', () => {
    const cache = keyspace('noeviction', { maxmemoryBytes: 0 });
    write(cache, A, 0, 100);
    expect(cache.get(A, 100)).toBe(true);
    expect(cache.get(A, 101)).toBe(false);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, expiredLazy: 1, keys: 0, volatileKeys: 0 });
  });

  it('reports an expired key as absent to DEL and counts the expiry', () => {
    const cache = keyspace('noeviction', { maxmemoryBytes: 0 });
    write(cache, A, 0, 100);
    expect(cache.del(A, 150)).toBe(false);
    expect(cache.stats.expiredLazy).toBe(1);
    write(cache, B, 150);
    expect(cache.del(B, 150)).toBe(true);
    expect(cache.stats.keys).toBe(0);
  });

  it('checks existence without side effects', () => {
    const cache = keyspace('noeviction', { maxmemoryBytes: 0 });
    write(cache, A, 0, 100);
    expect(cache.has(A, 50)).toBe(true);
    expect(cache.has(A, 150)).toBe(false);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0, expiredLazy: 0, keys: 1 });
  });

  it('drops the TTL when SET overwrites without PX', () => {
    const cache = keyspace('noeviction', { maxmemoryBytes: 0 });
    write(cache, A, 0, 100);
    const usedWithTtl = cache.stats.usedMemoryBytes;
    write(cache, A, 10);
    expect(cache.get(A, 500)).toBe(true);
    expect(cache.stats.volatileKeys).toBe(0);
    expect(cache.stats.usedMemoryBytes).toBe(usedWithTtl - EXPIRE_ENTRY_BYTES);
  });

  it('evicts keys to make room for memory outside the keyspace', () => {
    const cache = keyspace('allkeys-lru');
    for (const id of [A, B, C]) write(cache, id, 0);
    cache.setOverheadMemoryBytes(2 * ENTRY_BYTES);
    cache.get(A, 0);
    expect(cache.stats.keys).toBe(1);
    expect(cache.stats.evicted).toBe(2);
  });

  it('counts hits, misses, evictions, keys and memory per group', () => {
    const groups = new Uint16Array(16);
    groups[C] = 1;
    groups[D] = 1;
    const cache = keyspace('allkeys-lru', { groups, groupCount: 2 });
    for (const id of [A, B, C]) write(cache, id, 0);
    cache.get(A, 1000);
    cache.get(B, 1000);
    write(cache, D, 1000);
    cache.get(C, 1000);
    const g = cache.stats.groups;
    expect(g).not.toBeNull();
    if (g === null) return;
    expect([...g.hits]).toEqual([2, 0]);
    expect([...g.misses]).toEqual([0, 1]);
    expect([...g.evicted]).toEqual([0, 1]);
    expect([...g.keys]).toEqual([2, 1]);
    expect([...g.memoryBytes]).toEqual([2 * ENTRY_BYTES, ENTRY_BYTES]);
  });
});
