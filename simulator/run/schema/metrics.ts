/** The metric sections of a RunResult: cache counters, latency, origin load, network, namespaces. */
import { z } from 'zod';
import { nonKeyMemorySchema } from '../../cache';
import { histogramSchema } from './pubsub';

const num = z.number();

/** Cache counters as Redis INFO counts them, for the whole run or one namespace. */
export const cacheMetricsSchema = z.object({
  /** Read lookups (GET) issued. */
  reads: num,
  hits: num,
  misses: num,
  /** hits / (hits + misses); 0 when there were no reads. */
  hitRatio: num,
  evictedKeys: num,
  /** Expired keys, lazy and active together (as INFO expired_keys). */
  expiredKeys: num,
  /** Used memory at the end of the run (bytes; for a namespace, its keys' share). */
  usedMemoryBytes: num,
  /** Writes refused with -OOM. */
  oomRejections: num,
  /** Hits that returned a value older than the entity's latest write. */
  staleReads: num,
  /** Keys present at the end. */
  keys: num,
});
export type CacheMetrics = z.infer<typeof cacheMetricsSchema>;

export const wholeCacheMetricsSchema = cacheMetricsSchema.extend({
  /**
   * What the server held besides keys, counted toward maxmemory (startup, connections, command
   * histograms, scripts), and whether it was modelled from the plan or measured on a live server.
   */
  nonKeyMemory: nonKeyMemorySchema.optional(),
  expiredLazy: num,
  expiredActive: num,
  /** Hash fields the field-expiry cycle removed (INFO expired_subkeys; designs with fieldTtl, redis-7.4). */
  fieldsExpired: num.optional(),
  peakMemoryBytes: num,
  /** 0 means no limit. */
  maxmemoryBytes: num,
  sets: num,
  deletes: num,
});
export type WholeCacheMetrics = z.infer<typeof wholeCacheMetricsSchema>;

export const latencyMetricsSchema = z.object({
  p50Ms: num,
  p95Ms: num,
  p99Ms: num,
  p999Ms: num,
  meanMs: num,
  maxMs: num,
  /** Compact histogram of end-to-end request latency, for charts. */
  histogram: histogramSchema,
});
export type LatencyMetrics = z.infer<typeof latencyMetricsSchema>;

export const originMetricsSchema = z.object({
  /** Loads sent to the database behind the cache (misses, write-throughs, writes). */
  queries: num,
  queriesPerSecMean: num,
  queriesPerSecPeak: num,
  /** Highest number of loads in flight at once. */
  peakConcurrency: num,
  maxConcurrency: num,
  /** Time spent waiting for a free database connection, summed over queries (ms). */
  queuedMs: num,
  /** Loads of a key while another load of the same key was in flight (thundering herd). */
  duplicateLoads: num,
});
export type OriginMetrics = z.infer<typeof originMetricsSchema>;

export const networkMetricsSchema = z.object({ bytesToRedis: num, bytesFromRedis: num, bitsPerSec: num });
export type NetworkMetrics = z.infer<typeof networkMetricsSchema>;

export const namespaceMetricsSchema = cacheMetricsSchema.extend({
  name: z.string(),
  writes: num,
  originQueries: num,
  /** The namespace's TTL before jitter: 0 = not cached (`ttl: 0s`), null = no expiry (`ttl: none`). */
  ttlMs: num.nullable(),
});
export type NamespaceMetrics = z.infer<typeof namespaceMetricsSchema>;
