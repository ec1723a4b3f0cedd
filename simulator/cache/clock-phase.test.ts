import { describe, expect, it } from 'vitest';
import { cacheConfigErrors, defaultCacheConfig } from './config';
import { RedisKeyspace } from './keyspace';
import type { CacheConfig, EvictionPolicy } from './model';
import { Mulberry32 } from './testing-rng';

function keyspace(policy: EvictionPolicy, clockPhaseMs: number, overrides: Partial<CacheConfig> = {}): RedisKeyspace {
  return new RedisKeyspace({ ...defaultCacheConfig(8), policy, clockPhaseMs, ...overrides }, new Mulberry32(3));
}

describe('the clock phase: Redis ages keys on wall-clock ticks, not from the start of the run', () => {
  it('ticks the LRU clock at the next whole second of the wall clock', () => {
    // Started 700 ms into a second: the clock ticks 300 ms into the run.
    const late = keyspace('allkeys-lru', 700);
    late.set(0, 5, 5, 0, 0);
    expect(late.objectIdleTimeMs(0, 299)).toBe(0);
    expect(late.objectIdleTimeMs(0, 300)).toBe(1000);
    // Started on a whole second: the same key is still fresh 300 ms in.
    const aligned = keyspace('allkeys-lru', 0);
    aligned.set(0, 5, 5, 0, 0);
    expect(aligned.objectIdleTimeMs(0, 300)).toBe(0);
    expect(aligned.objectIdleTimeMs(0, 1000)).toBe(1000);
  });

  it('decays LFU counters at the next whole minute of the wall clock', () => {
    // A new key starts at LFU_INIT_VAL (5); one decay period (1 minute) takes one off.
    const late = keyspace('allkeys-lfu', 45_000);
    late.set(0, 5, 5, 0, 0);
    expect(late.objectFreq(0, 14_999)).toBe(5);
    expect(late.objectFreq(0, 15_000)).toBe(4);
    const aligned = keyspace('allkeys-lfu', 0);
    aligned.set(0, 5, 5, 0, 0);
    expect(aligned.objectFreq(0, 15_000)).toBe(5);
    expect(aligned.objectFreq(0, 60_000)).toBe(4);
  });

  it('evicts a different key when the phase puts a tick between two accesses', () => {
    // Key 1 written at 400 ms, keys 0 and 2 used at 500 ms, then memory is over by one key.
    const survivors = (phase: number): boolean[] => {
      const cache = (maxmemoryBytes: number) => new RedisKeyspace(
        { ...defaultCacheConfig(8), policy: 'allkeys-lru', maxmemorySamples: 16, maxmemoryBytes, clockPhaseMs: phase }, new Mulberry32(4));
      const twoKeys = cache(0);
      twoKeys.set(0, 5, 5, 0, 0);
      twoKeys.set(1, 5, 5, 0, 400);
      const full = cache(twoKeys.stats.usedMemoryBytes);
      full.set(0, 5, 5, 0, 0);
      full.set(1, 5, 5, 0, 400);
      full.get(0, 500);
      full.set(2, 5, 5, 0, 500);
      full.get(2, 500);
      return [0, 1, 2].map((id) => full.has(id, 500));
    };
    // Phase 0: one LRU second holds every access; the tie goes to the pool's order (key 2 here).
    expect(survivors(0)).toEqual([true, true, false]);
    // Phase 550: the second turns at 450 ms, so key 1 is a tick older than the others and goes.
    expect(survivors(550)).toEqual([true, false, true]);
  });

  it('names a phase outside the minute as a config error', () => {
    expect(cacheConfigErrors({ ...defaultCacheConfig(8), clockPhaseMs: 60_000 })).toEqual([
      'clockPhaseMs: 60000 must be a number of ms in 0 … 59999 (the run\'s start within the minute)',
    ]);
    expect(cacheConfigErrors({ ...defaultCacheConfig(8), clockPhaseMs: 59_999, baseMemoryBytes: 1_200_000 })).toEqual([]);
  });
});
