import { cacheConfigErrors } from './config';
import { ExactLruCache } from './exact-lru';
import { RedisKeyspace } from './keyspace';
import type { CacheConfig, CacheModel } from './model';
import type { RandomSource } from './random';

/**
 * The cache model for a config: ExactLruCache for 'exact-lru', RedisKeyspace for every Redis
 * policy. Throws one error listing every invalid field.
 */
export function createCache(config: CacheConfig, rng: RandomSource): CacheModel {
  const errors = cacheConfigErrors(config);
  if (errors.length > 0) throw new Error(`Invalid cache config:\n  ${errors.join('\n  ')}`);
  if (config.policy === 'exact-lru') return new ExactLruCache(config, rng.nextU32());
  return new RedisKeyspace(config, rng);
}
