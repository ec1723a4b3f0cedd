/**
 * RunResult: the plain, versioned JSON that both engines return and that every report, comparison
 * and threshold reads. Field names are a public contract (other tools parse them): add, never rename.
 */

import type { NonKeyMemory } from '../cache';
import type { PubsubMetrics, PubsubSnapshot } from '../pubsub';

export const RUN_RESULT_VERSION = 1;

/** Cache counters as Redis INFO counts them, for the whole run or one namespace. */
export interface CacheMetrics {
  /** Read lookups (GET) issued. */
  reads: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 when there were no reads. */
  hitRatio: number;
  evictedKeys: number;
  /** Expired keys, lazy and active together (as INFO expired_keys). */
  expiredKeys: number;
  /** Used memory at the end of the run (bytes; for a namespace, its keys' share). */
  usedMemoryBytes: number;
  /** Writes refused with -OOM. */
  oomRejections: number;
  /** Hits that returned a value older than the entity's latest write. */
  staleReads: number;
  /** Keys present at the end. */
  keys: number;
}

export interface WholeCacheMetrics extends CacheMetrics {
  /**
   * What the server held besides keys, counted toward maxmemory (startup, connections, command
   * histograms, scripts), and whether it was modelled from the plan or measured on a live server.
   */
  nonKeyMemory?: NonKeyMemory;
  expiredLazy: number;
  expiredActive: number;
  peakMemoryBytes: number;
  /** 0 means no limit. */
  maxmemoryBytes: number;
  sets: number;
  deletes: number;
}

export interface LatencyMetrics {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  meanMs: number;
  maxMs: number;
  /** Compact histogram of end-to-end request latency, for charts. */
  histogram: Array<{ upToMs: number; count: number }>;
}

export interface OriginMetrics {
  /** Loads sent to the database behind the cache (misses, write-throughs, writes). */
  queries: number;
  queriesPerSecMean: number;
  queriesPerSecPeak: number;
  /** Highest number of loads in flight at once. */
  peakConcurrency: number;
  maxConcurrency: number;
  /** Time spent waiting for a free database connection, summed over queries (ms). */
  queuedMs: number;
  /** Loads of a key while another load of the same key was in flight (thundering herd). */
  duplicateLoads: number;
}

export interface NamespaceMetrics extends CacheMetrics {
  name: string;
  writes: number;
  originQueries: number;
  /** The namespace's TTL before jitter: 0 = not cached (`ttl: 0s`), null = no expiry (`ttl: none`). */
  ttlMs: number | null;
}

/** One point of the time series, emitted at the plan's snapshot cadence (virtual time). */
export interface Snapshot {
  /** Virtual time since the start of the run (ms). */
  tMs: number;
  requests: number;
  /** Hit ratio within this window. */
  hitRatio: number;
  /** Hit ratio since the start. */
  cumulativeHitRatio: number;
  hits: number;
  misses: number;
  evictedKeys: number;
  expiredKeys: number;
  usedMemoryBytes: number;
  keys: number;
  staleReads: number;
  oomRejections: number;
  originQueriesPerSec: number;
  originConcurrency: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Per namespace hit ratio within the window, in plan order (NaN-free: 0 when no reads). */
  namespaceHitRatio: number[];
  /** Pub/sub fan-out within the window, when the design has channels. */
  pubsub?: PubsubSnapshot;
}

export interface RunResult {
  version: typeof RUN_RESULT_VERSION;
  engine: 'sim' | 'live';
  design: { name: string; environment: string; seed: number };
  /** Requests replayed (reads, writes, lists, invalidations). */
  requests: number;
  /** True when the run was stopped before its plan was done. */
  partial: boolean;
  /** Virtual (sim) or wall (live) duration covered (ms). */
  durationMs: number;
  cache: WholeCacheMetrics;
  latency: LatencyMetrics;
  origin: OriginMetrics;
  network: { bytesToRedis: number; bytesFromRedis: number; bitsPerSec: number };
  namespaces: NamespaceMetrics[];
  /** Pub/sub fan-out, when the design has channels. */
  pubsub?: PubsubMetrics;
  series: Snapshot[];
  /** Where this engine departs from Redis 7 (named, never silent). */
  departures: string[];
  warnings: string[];
}

/** Progress of a run, for progress bars: fraction of the plan done and where it is. */
export interface RunProgress {
  done: number;
  total: number;
  phase: string;
  tMs: number;
}

/** Where an engine streams what it sees while it runs. */
export interface RunSink {
  snapshot(snapshot: Snapshot): void;
  progress(progress: RunProgress): void;
}

/** A cancel flag; AbortSignal satisfies it. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export const NULL_SINK: RunSink = { snapshot: () => {}, progress: () => {} };
