import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { createCache } from './factory';
import { USED_MEMORY_STARTUP_BYTES } from './memory';
import type { CacheModel, CachePolicy } from './model';
import { Mulberry32 } from './testing-rng';

const KEY_IDS = 24;
/** An id no operation uses: deleting it runs nothing but the eviction that precedes every command. */
const PROBE_ID = KEY_IDS;
const MAXMEMORY_BYTES = USED_MEMORY_STARTUP_BYTES + 2500;

type Operation =
  | { kind: 'get' | 'del'; id: number; dtMs: number }
  | { kind: 'set'; id: number; dtMs: number; valueBytes: number; ttlMs: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('get' as const, 'del' as const), id: fc.nat(KEY_IDS - 1), dtMs: fc.nat(400) }),
  fc.record({
    kind: fc.constant('set' as const),
    id: fc.nat(KEY_IDS - 1),
    dtMs: fc.nat(400),
    valueBytes: fc.integer({ min: 1, max: 300 }),
    ttlMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })),
  }),
);
const operations = fc.array(operation, { minLength: 1, maxLength: 150 });

const ALL_POLICIES: CachePolicy[] = [
  'noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu', 'allkeys-random', 'volatile-random',
  'volatile-ttl', 'exact-lru',
];
const EVICTING_POLICIES: CachePolicy[] = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'exact-lru'];

function build(policy: CachePolicy, seed: number, samples = 5): CacheModel {
  const groups = new Uint16Array(KEY_IDS + 1).map((_, id) => id % 3);
  return createCache(
    { ...defaultCacheConfig(KEY_IDS + 1), policy, maxmemoryBytes: MAXMEMORY_BYTES, maxmemorySamples: samples, groups, groupCount: 3 },
    new Mulberry32(seed),
  );
}

/** Runs the operations; `after` sees each one with the time it ran at and what it returned. */
function run(cache: CacheModel, ops: Operation[], after?: (op: Operation, nowMs: number, result: boolean) => void): void {
  let nowMs = 1_000_000;
  for (const op of ops) {
    nowMs += op.dtMs;
    const result = op.kind === 'set' ? cache.set(op.id, 16, op.valueBytes, op.ttlMs, nowMs)
      : op.kind === 'get' ? cache.get(op.id, nowMs) : cache.del(op.id, nowMs);
    after?.(op, nowMs, result);
  }
}

describe('keyspace properties', () => {
  it('counts exactly one hit or miss per read, under every policy', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_POLICIES), operations, fc.integer(), (policy, ops, seed) => {
      const cache = build(policy, seed);
      run(cache, ops);
      expect(cache.stats.hits + cache.stats.misses).toBe(ops.filter((op) => op.kind === 'get').length);
    }));
  });

  it('brings used memory back under maxmemory before each command under an evicting policy', () => {
    fc.assert(fc.property(fc.constantFrom(...EVICTING_POLICIES), operations, fc.integer(), (policy, ops, seed) => {
      const cache = build(policy, seed);
      run(cache, ops, (_op, nowMs) => {
        // Like Redis, a write may leave memory over the limit until the next command evicts.
        cache.del(PROBE_ID, nowMs);
        expect(cache.stats.usedMemoryBytes).toBeLessThanOrEqual(MAXMEMORY_BYTES);
      });
    }));
  });

  it('brings memory under maxmemory under volatile-* policies while every key has a TTL', () => {
    const volatileOnly = operations.map((ops) => ops.map((op) => (op.kind === 'set' ? { ...op, ttlMs: op.ttlMs || 60_000 } : op)));
    fc.assert(fc.property(
      fc.constantFrom<CachePolicy>('volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'),
      volatileOnly,
      fc.integer(),
      (policy, ops, seed) => {
        const cache = build(policy, seed);
        run(cache, ops, (_op, nowMs) => {
          cache.del(PROBE_ID, nowMs);
          expect(cache.stats.usedMemoryBytes).toBeLessThanOrEqual(MAXMEMORY_BYTES);
        });
        expect(cache.stats.oomRejections).toBe(0);
      },
    ));
  });

  it('produces identical counters from the same seed', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_POLICIES), operations, fc.integer(), (policy, ops, seed) => {
      const first = build(policy, seed);
      const second = build(policy, seed);
      run(first, ops);
      run(second, ops);
      expect(second.stats).toEqual(first.stats);
    }));
  });

  it('never returns an expired key as a hit', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_POLICIES), operations, fc.integer(), (policy, ops, seed) => {
      const cache = build(policy, seed);
      const expireAtMs = new Map<number, number>();
      run(cache, ops, (op, nowMs, result) => {
        if (op.kind === 'set' && result) expireAtMs.set(op.id, op.ttlMs > 0 ? nowMs + op.ttlMs : Infinity);
        if (op.kind === 'del') expireAtMs.delete(op.id);
        if (op.kind === 'get' && result) expect(nowMs).toBeLessThanOrEqual(expireAtMs.get(op.id) ?? -Infinity);
      });
    }));
  });

  it('keeps key, expiry and memory counters consistent with the per-group counters', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_POLICIES), operations, fc.integer(), (policy, ops, seed) => {
      const cache = build(policy, seed);
      run(cache, ops);
      const { stats } = cache;
      const groups = stats.groups;
      if (groups === null) throw new Error('groups were configured');
      const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);
      expect(sum(groups.keys)).toBe(stats.keys);
      expect(sum(groups.hits)).toBe(stats.hits);
      expect(sum(groups.evicted)).toBe(stats.evicted);
      expect(sum(groups.expired)).toBe(stats.expiredLazy + stats.expiredActive);
      expect(stats.volatileKeys).toBeLessThanOrEqual(stats.keys);
      expect(sum(groups.memoryBytes)).toBeLessThan(stats.usedMemoryBytes - USED_MEMORY_STARTUP_BYTES + 1);
    }));
  });
});
