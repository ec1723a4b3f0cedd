/**
 * What a server profile is: the measurements and rules that make one Redis or Valkey version's
 * keyspace differ from another's, as data. Each profile is one file in this folder (redis-7.0.ts,
 * …) exporting a plain object checked against this schema; the model reads these fields and never
 * asks which version it runs. See README "Server versions" for how to add one.
 */
import { z } from 'zod';

const bytes = z.number().int().min(0);

/** How a version lays out the main dict's entries (what each key costs besides its value). */
const mainDict = z.object({
  /** sizeof(dictEntry) as MEMORY USAGE adds it for a key (unrounded). */
  entryStructBytes: bytes,
  /** A main-dict entry as allocated (jemalloc class). */
  entryBytes: bytes,
  /** A main-dict entry in cluster mode (7.0/7.2 add slot-list metadata; 7.4+ keep a dict per slot instead). */
  clusterEntryBytes: bytes,
  /**
   * The key's sds lives inside the dict entry (Valkey 8.0): the entry is one allocation of
   * `embeddedEntryHeaderBytes` (the entry's fields and the key's sds header) + the key + NUL, and
   * MEMORY USAGE counts it as allocated; otherwise the key sds is its own allocation.
   */
  embedsKey: z.boolean(),
  embeddedEntryHeaderBytes: bytes,
  /** An entry of the expires dict as allocated. */
  expireEntryBytes: bytes,
  /**
   * One hash slot's dict struct as allocated (kvstore, cluster mode of a profile sampling by slot):
   * allocated with the slot's first key and freed, with its table, with its last. 0 without kvstore.
   */
  slotDictBytes: bytes,
}).strict();

/** Object sizes MEMORY USAGE and used_memory see for values (structs as sizeof, allocations rounded). */
const objects = z.object({
  robjBytes: bytes,
  /** Strings up to this many bytes are embstr (robj and sds in one allocation). */
  embstrSizeLimitBytes: bytes,
  /** sizeof(dict) of an aggregate's dict. */
  dictStructBytes: bytes,
  /** sizeof(dictEntry) of a hash's or zset's dict entry. */
  dictEntryStructBytes: bytes,
  /**
   * A set's dict entry: 'entry' a full dictEntry; 'no-value' (7.2+) a key-only dict whose bucket
   * holds the member itself when the member arrived in an empty bucket, else a 16-byte {key, next}
   * entry (MEMORY USAGE still counts sizeof(dictEntry) per member).
   */
  setEntry: z.enum(['entry', 'no-value']),
  /** MEMORY USAGE counts a set's entries as allocated (Valkey 8: 0 for a bare member, 16 otherwise), not sizeof(dictEntry) each. */
  setEntryUsageAllocated: z.boolean(),
  /** SADD of n members sizes a new set's dict for n up front (7.2+) instead of growing it. */
  setPresized: z.boolean(),
  /** Hash fields in a dict: 'sds' strings, or 'mstr' (7.4: an sds-like string with room for a TTL). */
  hashFieldString: z.enum(['sds', 'mstr']),
  quicklistBytes: bytes,
  quicklistNodeBytes: bytes,
  zsetStructBytes: bytes,
  zskiplistBytes: bytes,
  /** The 32-level skiplist header node as allocated. */
  zskiplistHeaderBytes: bytes,
  /** dict lookups (each a rehash step) per element added: hashes and zsets look up, then add. */
  rehashStepsPerAdd: z.object({ hash: z.number().int().min(1), set: z.number().int().min(1), zset: z.number().int().min(1) }).strict(),
}).strict();

/** The encoding thresholds (redis.conf defaults) and which small encodings exist. */
const encodings = z.object({
  hashMaxListpackEntries: z.number().int().min(0),
  hashMaxListpackValue: z.number().int().min(0),
  setMaxIntsetEntries: z.number().int().min(0),
  /** set-max-listpack-entries (7.2+); 0 when small sets of strings are dicts (7.0). */
  setMaxListpackEntries: z.number().int().min(0),
  setMaxListpackValue: z.number().int().min(0),
  zsetMaxListpackEntries: z.number().int().min(0),
  zsetMaxListpackValue: z.number().int().min(0),
  /** list-max-listpack-size (negative: a node's byte limit, −2 = 8 kB). */
  listMaxListpackSize: z.number().int(),
  /** A list that fits one node is a plain listpack (7.2+) rather than a one-node quicklist. */
  smallListIsListpack: z.boolean(),
}).strict();

/**
 * Hash-field expiration (HEXPIRE, Redis 7.4; t_hash.c, ebuckets.h, expire.c): what a hash whose
 * fields carry TTLs costs and how fast the active cycle expires fields. Null where the version has
 * no HEXPIRE (Redis 7.0/7.2, Valkey 8.0).
 */
const hashFieldExpiry = z.object({
  /** HFE_DB_BASE_ACTIVE_EXPIRE_FIELDS_PER_SEC: each active-expire call expires at most this ÷ hz fields. */
  activeExpireFieldsPerSecond: z.number().int().min(1),
  /** sizeof(listpackEx) (ExpireMeta, key, listpack pointer): a small hash with field TTLs is a 'listpackex'. */
  listpackExBytes: bytes,
  /** A TTL entry in the listpackex: every field carries one (a ms timestamp, a 64-bit listpack integer). */
  listpackTtlEntryBytes: bytes,
  /**
   * What a field's mstr gains with a TTL in a hashtable: ExpireMeta (16) and the mstr flags byte,
   * plus the mstr header; allocated as one string with the field's bytes and NUL.
   */
  fieldMetaBytes: bytes,
  /** dictExpireMetadata appended to the hash's dict (ExpireMeta, the hash's ebuckets, key): used_memory only. */
  dictMetadataBytes: bytes,
  /**
   * ebuckets (the hashtable's own field TTLs, and db->hexpires of the hashes): up to this many
   * items are a plain list (EB_LIST_MAX_ITEMS); beyond, items of one expire time are chained in
   * segments of that many (EB_SEG_MAX_ITEMS), each a segment header of `ebucketsSegmentBytes`.
   * The rax that indexes the buckets is not modelled (≈ 80 bytes a tree).
   */
  ebucketsSegmentItems: z.number().int().min(1),
  ebucketsSegmentBytes: bytes,
}).strict();

export const serverProfileSchema = z.object({
  /** The `server.version` that selects it. */
  id: z.string().regex(/^(redis|valkey)-\d+\.\d+$/),
  /** The server it was measured on, e.g. "redis 7.0.15". */
  measuredOn: z.string(),
  /** INFO server_name, or "redis" when the version has none. */
  serverName: z.enum(['redis', 'valkey']),
  /** major.minor of the version INFO reports. */
  versionPrefix: z.string().regex(/^\d+\.\d+$/),
  /** The container image the exported compose file runs, and its server and CLI commands. */
  image: z.string(),
  binaries: z.object({ server: z.string(), cli: z.string() }).strict(),
  /** The bundled jemalloc's quantum: 16, or 8 (Redis 7.2+ build it --with-lg-quantum=3: classes 24, 40, 56). */
  jemallocQuantumBytes: z.union([z.literal(8), z.literal(16)]),
  /** used_memory of an empty server (INFO used_memory_startup). */
  usedMemoryStartupBytes: bytes,
  mainDict,
  objects,
  encodings,
  /**
   * How eviction samples in cluster mode: 'db' from the one dict of the database (7.0/7.2),
   * 'slot' from one slot's dict (7.4+ kvstore: a random non-empty slot, then its dict).
   */
  clusterEvictionSampling: z.enum(['db', 'slot']),
  hashFieldExpiry: hashFieldExpiry.nullable(),
  /** maxmemory-policy values the version accepts. */
  policies: z.array(z.string()).min(1),
  /** The redis.conf settings of the export (export/facts.ts) this version knows; the others are left out of its files. */
  configSettings: z.array(z.string()),
  /**
   * Memory cases (memory-cases.ts) the model is known to miss by more than 1 % on this version;
   * the profile test checks that they still do, so a fix must take them off the list.
   */
  unmodelledCases: z.array(z.string()),
  /** Every way this profile differs from redis-7.0, in words (shown with the departures). */
  differences: z.array(z.string()),
}).strict();

export type ServerProfile = z.infer<typeof serverProfileSchema>;
