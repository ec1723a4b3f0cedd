import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { RedisKeyspace } from './keyspace';
import { CLUSTER_SLOTS, DictSizeIndex, SlotKeyDicts, clusterSlotOf } from './kvstore';
import { REDIS_7_2 } from './profiles/redis-7.2';
import { REDIS_7_4 } from './profiles/redis-7.4';
import type { ServerProfile } from './profiles/profile-schema';
import { MAIN_NEXT_WORD, SlotStore } from './slot-store';
import { Mulberry32 } from './testing-rng';

/** Key ids whose hash slots are `slot`, `count` of them. */
function idsInSlot(slot: number, count: number, from = 0): number[] {
  const ids: number[] = [];
  for (let id = from; ids.length < count; id++) if (clusterSlotOf(id) === slot) ids.push(id);
  return ids;
}

function slotDicts(ids: number[]): SlotKeyDicts {
  const store = new SlotStore(Math.max(...ids) + 1);
  const dicts = new SlotKeyDicts(store, MAIN_NEXT_WORD, 1, 64);
  for (const id of ids) dicts.add(store.allocate(id), Infinity);
  return dicts;
}

describe('kvstore', () => {
  it('finds the dict holding the n-th key as a cumulative count over the sizes does', () => {
    fc.assert(fc.property(fc.array(fc.nat(5), { minLength: 16, maxLength: 16 }), fc.nat(), (sizes, pick) => {
      const index = new DictSizeIndex(16);
      sizes.forEach((size, dict) => index.update(dict, size));
      const total = sizes.reduce((sum, size) => sum + size, 0);
      fc.pre(total > 0);
      const target = (pick % total) + 1;
      let cumulative = 0;
      const expected = sizes.findIndex((size) => (cumulative += size) >= target);
      expect(index.findByKeyIndex(target)).toBe(expected);
      expect(index.nonEmpty).toBe(sizes.filter((size) => size > 0).length);
    }));
  });

  it('picks a dict with probability proportional to its size', () => {
    const index = new DictSizeIndex(CLUSTER_SLOTS);
    index.update(3, 1);
    index.update(700, 3);
    index.update(16000, 6);
    const rng = new Mulberry32(11);
    const picks = new Map<number, number>();
    for (let n = 0; n < 20_000; n++) {
      const dict = index.fairRandomIndex(rng);
      picks.set(dict, (picks.get(dict) ?? 0) + 1);
    }
    expect([...picks.keys()].sort((a, b) => a - b)).toEqual([3, 700, 16000]);
    expect((picks.get(3) ?? 0) / 20_000).toBeCloseTo(0.1, 1);
    expect((picks.get(700) ?? 0) / 20_000).toBeCloseTo(0.3, 1);
    expect((picks.get(16000) ?? 0) / 20_000).toBeCloseTo(0.6, 1);
  });

  it('samples one slot\'s dict when it has enough keys, several sparse slots until the count, one only below 10 × count keys', () => {
    const rng = new Mulberry32(5);
    const ids = [...idsInSlot(10, 30), ...idsInSlot(20, 30)];
    const crowded = slotDicts(ids);
    const out = new Int32Array(10);
    for (let n = 0; n < 50; n++) {
      expect(crowded.getSomeKeys(5, out, rng)).toBe(5);
      const slots = new Set([...out.subarray(0, 5)].map((record) => clusterSlotOf(ids[record])));
      expect(slots.size).toBe(1);
    }
    // 60 keys, one per slot: fills of one key each until 5.
    const sparseIds: number[] = [];
    for (let id = 0; sparseIds.length < 60; id++) if (!sparseIds.some((other) => clusterSlotOf(other) === clusterSlotOf(id))) sparseIds.push(id);
    expect(slotDicts(sparseIds).getSomeKeys(5, out, rng)).toBe(5);
    // Below 50 keys: one fill, one key.
    expect(slotDicts(sparseIds.slice(0, 40)).getSomeKeys(5, out, rng)).toBe(1);
  });

  it('keeps a dict per non-empty slot: structs and tables counted while the slot holds keys, freed with its last key', () => {
    const ids = [...idsInSlot(1, 3), ...idsInSlot(2, 5)];
    const store = new SlotStore(Math.max(...ids) + 1);
    const dicts = new SlotKeyDicts(store, MAIN_NEXT_WORD, 1, 64);
    const records = ids.map((id) => store.allocate(id));
    for (const record of records) dicts.add(record, Infinity);
    expect(dicts.count).toBe(8);
    expect(dicts.sizes.sizeOf(2)).toBe(5);
    // Redis 7.4 measured: a slot's first key adds its 64-byte dict and a 4-bucket table; the 5th doubles it.
    expect(dicts.tableSize).toBe(4 + 8);
    expect(dicts.memoryBytes).toBe(2 * 64 + (4 + 8) * 8);
    for (const record of records.slice(0, 3)) dicts.remove(record);
    expect(dicts.sizes.nonEmpty).toBe(1);
    expect(dicts.memoryBytes).toBe(64 + 8 * 8);
  });

  it('takes the hash slots the caller gives (CRC16 of the key names)', () => {
    const store = new SlotStore(100);
    const dicts = new SlotKeyDicts(store, MAIN_NEXT_WORD, 1, 64, (id) => id % 2);
    for (let id = 0; id < 10; id++) dicts.add(store.allocate(id), Infinity);
    expect([dicts.sizes.sizeOf(0), dicts.sizes.sizeOf(1), dicts.sizes.nonEmpty]).toEqual([5, 5, 2]);
  });

  it('in cluster mode, a profile sampling by slot evicts as Redis 7.4 does: sparse slots give worse LRU picks than 7.2', () => {
    // 40 keys in 40 slots, written one second apart; each new key evicts one. Redis 7.4 samples one
    // slot (one key) per fill below 10 × maxmemory-samples keys; 7.2 samples 5 of the database.
    const oldestEvictedRank = (profile: ServerProfile): number => {
      const config = { ...defaultCacheConfig(1000), policy: 'allkeys-lru' as const, clusterMode: true, profile };
      const probe = new RedisKeyspace(config, new Mulberry32(3));
      for (let id = 0; id < 40; id++) probe.set(id, 10, 100, 0, id * 1000);
      const cache = new RedisKeyspace({ ...config, maxmemoryBytes: probe.stats.usedMemoryBytes }, new Mulberry32(3));
      let ranks = 0;
      let nextId = 0;
      for (; nextId < 40; nextId++) cache.set(nextId, 10, 100, 0, nextId * 1000);
      for (let n = 0; n < 200; n++, nextId++) {
        const alive = Array.from({ length: nextId }, (_, id) => id).filter((id) => cache.has(id, 0));
        cache.set(nextId, 10, 100, 0, nextId * 1000);
        const evicted = alive.filter((id) => !cache.has(id, 0));
        ranks += evicted.reduce((sum, id) => sum + alive.indexOf(id), 0) / Math.max(1, evicted.length);
      }
      return ranks / 200;
    };
    const bySlot = oldestEvictedRank(REDIS_7_4);
    const byDb = oldestEvictedRank(REDIS_7_2);
    console.log('mean age rank of the evicted key (0 = oldest of 40):', { bySlot, byDb });
    expect(byDb).toBeLessThan(bySlot);
    // Each fill brings one key and each eviction takes it: about random (19.5).
    expect(bySlot).toBeGreaterThan(15);
  });
});
