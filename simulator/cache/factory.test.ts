import { describe, expect, it } from 'vitest';
import { cacheConfigErrors, defaultCacheConfig } from './config';
import { ExactLruCache } from './exact-lru';
import { createCache } from './factory';
import { RedisKeyspace } from './keyspace';
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
});
