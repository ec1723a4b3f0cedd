import type { ServerProfile } from './profiles/profile-schema';
/**
 * The contract between the simulation engine and a cache model: commands over integer key ids
 * (the engine maps namespaces to id ranges) at virtual times, and INFO-like counters.
 */

/** maxmemory-policy values of Redis 7. */
export type EvictionPolicy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'volatile-lru'
  | 'allkeys-lfu'
  | 'volatile-lfu'
  | 'allkeys-random'
  | 'volatile-random'
  | 'volatile-ttl';

/** A Redis policy, or 'exact-lru': true least-recently-used eviction, the reference model. */
export type CachePolicy = EvictionPolicy | 'exact-lru';

/** How the keyspace is configured; field names follow redis.conf. */
export interface CacheConfig {
  /** Key ids range over 0 … keyCapacity − 1. */
  keyCapacity: number;
  /** maxmemory; 0 means no limit. */
  maxmemoryBytes: number;
  policy: CachePolicy;
  /** maxmemory-samples (Redis default 5). */
  maxmemorySamples: number;
  /** lfu-log-factor (default 10). */
  lfuLogFactor: number;
  /** lfu-decay-time in minutes (default 1; 0 never decays). */
  lfuDecayTimeMin: number;
  /** hz: serverCron runs every 1000 / hz ms of virtual time (default 10). */
  hz: number;
  /** active-expire-effort, 1 … 10 (default 1). */
  activeExpireEffort: number;
  /**
   * Share of serverCron ticks that run the active expire cycle (default 1). A model of a spatial
   * sample of R of the keys sets R: the cycle's work per tick depends on the share of expired keys
   * it meets, not on how many keys there are, so the full keyspace's cycle removes 1/R times the
   * keys a sampled one would per tick; running it R as often keeps the sample's share of expired
   * keys (and the memory they hold) the full keyspace's.
   */
  activeExpireShare?: number;
  /** cluster-enabled: main-dict entries carry slot metadata (48 bytes instead of 32). */
  clusterMode: boolean;
  /**
   * The hash slot (0 … 16383) of a key id, CRC16 of its name, for a profile that keeps a dict per
   * slot in cluster mode; default a uniform hash of the id (kvstore.ts clusterSlotOf).
   */
  hashSlotOf?: (id: number) => number;
  /**
   * The server profile the keyspace reproduces (profiles/): key and entry sizes, startup memory,
   * eviction sampling in cluster mode. Default redis-7.0.
   */
  profile?: ServerProfile;
  /**
   * used_memory with no key: startup and everything else a running server holds besides keys
   * (server-memory.ts); default USED_MEMORY_STARTUP_BYTES.
   */
  baseMemoryBytes?: number;
  /**
   * Where virtual time 0 falls on the wall clock, in ms within the minute (0 … 59 999): Redis's LRU
   * clock ticks on unix seconds and LFU decay on unix minutes, so a run that starts 700 ms into a
   * second ages its keys 300 ms after its start. Default 0.
   */
  clockPhaseMs?: number;
  /** The group (namespace) of each key id, for per-group counters (a cache that cannot grow). */
  groups?: Uint16Array;
  /** How many groups `groups` (or the keyTable's group word) uses (ids 0 … groupCount − 1). */
  groupCount?: number;
  /**
   * Per-key words shared with the caller instead of the cache's own id → slot table: see
   * KeyTable. Its length / stride must be keyCapacity; `groups` must then be absent.
   */
  keyTable?: KeyTable;
}

/**
 * A caller's record per key id, shared with the cache: the cache keeps the key's slot in one
 * word of it and reads the key's group from another. A caller that keeps its own state per key
 * (the engine does) thus reads one cache line for a cold key where separate tables would cost
 * one line each — and cold keys are what a cache miss is made of.
 */
export interface KeyTable {
  /**
   * `stride` int32 words per key id. The first is the cache's (the key's slot), initialised by
   * the cache for every id it gets room for; the caller owns the others.
   */
  readonly words: Int32Array;
  readonly stride: number;
  /** The word whose low 16 bits are the key's group, set by the caller before the id is used; −1 for none. */
  readonly groupWord: number;
}

/** Per-group counters, indexed by group. */
export interface GroupCounters {
  readonly hits: Float64Array;
  readonly misses: Float64Array;
  readonly evicted: Float64Array;
  /** Lazy and active expiries together. */
  readonly expired: Float64Array;
  readonly keys: Int32Array;
  /** Key sds, value, dict entries; hash-table buckets are not attributed to groups. */
  readonly memoryBytes: Float64Array;
}

/** INFO-like counters; the model updates them in place. */
export interface CacheStats {
  /** keyspace_hits */
  hits: number;
  /** keyspace_misses */
  misses: number;
  /** expired_keys found by a lookup. */
  expiredLazy: number;
  /** expired_keys removed by the active expire cycle. */
  expiredActive: number;
  /** expired_time_cap_reached_count */
  expireTimeCapReached: number;
  /** evicted_keys */
  evicted: number;
  /** Writes rejected with -OOM. */
  oomRejections: number;
  /** Keys in the keyspace (db0:keys). */
  keys: number;
  /** Keys with a TTL (db0:expires). */
  volatileKeys: number;
  /** used_memory, startup overhead included. */
  usedMemoryBytes: number;
  /** Per-group counters when the config gives groups, otherwise null. */
  readonly groups: GroupCounters | null;
}

/** A cache model driven by the engine. All times are virtual milliseconds, never decreasing. */
export interface CacheModel {
  /** A read lookup (GET): lazy expiry, counts a hit or a miss as INFO does, refreshes LRU/LFU. Returns true on hit. */
  get(id: number, nowMs: number): boolean;
  /**
   * SET key value [PX ttlMs]: runs eviction first (as before every command); returns false when
   * rejected with OOM. ttlMs 0 = no expiry (and removes an existing TTL, as SET does).
   * Overwriting touches the key and keeps its LRU/LFU field as Redis does.
   */
  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, nowMs: number): boolean;
  /** DEL/UNLINK: returns whether the key existed (no hit/miss counted). */
  del(id: number, nowMs: number): boolean;
  /** Whether a live key exists, without side effects: no stats, no touch, no expiry, no eviction. */
  has(id: number, nowMs: number): boolean;
  /** Advance virtual time: runs the serverCron work due until nowMs (active expiry, table resizes). */
  advance(nowMs: number): void;
  /**
   * Memory outside the keyspace that counts toward maxmemory (client output buffers, pub/sub
   * backlogs): Redis evicts keys to make room for it too.
   */
  setOverheadMemoryBytes(bytes: number): void;
  /**
   * Makes room for key ids below `keyCapacity` (keys met as a trace streams in). A cache built
   * with a keyTable takes the caller's grown table (old words copied; it initialises the slot
   * word of the new ids). A cache built with `groups` cannot grow. Changes no behaviour.
   */
  ensureCapacity(keyCapacity: number, keyTable?: KeyTable): void;
  /**
   * Reads key `id`'s record without any effect, so that a later command on it does not wait for
   * memory: a caller that knows its next keys calls this a few commands ahead.
   */
  prefetch(id: number): void;
  readonly stats: Readonly<CacheStats>;
}

/** Zeroed counters, with per-group arrays when `groupCount` is given. */
export function createCacheStats(groupCount: number | null, usedMemoryBytes: number): CacheStats {
  const groups: GroupCounters | null = groupCount === null ? null : {
    hits: new Float64Array(groupCount),
    misses: new Float64Array(groupCount),
    evicted: new Float64Array(groupCount),
    expired: new Float64Array(groupCount),
    keys: new Int32Array(groupCount),
    memoryBytes: new Float64Array(groupCount),
  };
  return {
    hits: 0,
    misses: 0,
    expiredLazy: 0,
    expiredActive: 0,
    expireTimeCapReached: 0,
    evicted: 0,
    oomRejections: 0,
    keys: 0,
    volatileKeys: 0,
    usedMemoryBytes,
    groups,
  };
}
