/** The Redis keyspace model: the only entry point of simulator/cache. */
export type { CacheConfig, CacheModel, CachePolicy, CacheStats, EvictionPolicy, GroupCounters, KeyTable } from './model';
export type { RandomSource } from './random';
export { createCache } from './factory';
export { HASHTABLE_MAX_LOAD_FACTOR, tableSizeBeforeAdd } from './table-size';
export { cacheConfigErrors, defaultCacheConfig } from './config';
export { RedisKeyspace } from './keyspace';
export { ExactLruCache } from './exact-lru';
export { DEPARTURES } from './departures';
export {
  DEFAULT_SERVER_VERSION, PROFILES, SERVER_VERSIONS, matchProfile, policyProblem, profileOf, serverProfileSchema,
} from './profiles';
export type { ServerProfile, ServerVersion } from './profiles';
export {
  BUCKET_BYTES,
  CLUSTER_DICT_ENTRY_BYTES,
  DICT_ENTRY_BYTES,
  EMBSTR_SIZE_LIMIT_BYTES,
  EXPIRE_ENTRY_BYTES,
  USED_MEMORY_STARTUP_BYTES,
  hashTableBytes,
  jemallocSizeBytes,
  keyAndEntryBytes,
  keyEntryBytes,
  memoryUsageCommandBytes,
  memoryUsageKeyBytes,
  objectValueBytes,
  sdsAllocBytes,
  stringValueBytes,
} from './memory';
export type { MemoryLayout } from './memory';
export { LISTPACK_OVERHEAD_BYTES, listpackAllocBytes, listpackIntBytes, listpackStringBytes } from './listpack';
export {
  ACTIVE_CLIENT_BYTES, CLIENT_BYTES, COMMAND_HISTOGRAM_BYTES, IDLE_SUBSCRIBER_BYTES, SCRIPT_BYTES, RUNNING_SERVER_BYTES,
  measuredNonKeyMemory, modelNonKeyMemory, nonKeyMemorySchema,
} from './server-memory';
export type { NonKeyMemory, ServerMemoryInputs } from './server-memory';
export { LFU_INIT_VAL } from './lfu';
export { EVICTION_POOL_SIZE } from './eviction-pool';
