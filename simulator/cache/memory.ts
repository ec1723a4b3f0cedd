/**
 * What Redis 7 (64-bit, jemalloc 5) allocates for a string key, as `used_memory` counts it:
 * every allocation is rounded up to a jemalloc size class (zmalloc reports usable sizes).
 * See REDIS-FACTS.md, "Memory of a string key".
 */

import { REDIS_7_0 } from './profiles/redis-7.0';
import type { ServerProfile } from './profiles/profile-schema';

/** What the key and string sizes below read from a server profile (profiles/profile-schema.ts); default Redis 7.0. */
export type MemoryLayout = Pick<ServerProfile, 'jemallocQuantumBytes' | 'mainDict' | 'objects'>;

/**
 * used_memory of an empty redis-server 7.0: INFO used_memory_startup, measured on Debian's 7.0.15
 * at 876 192 … 876 792 bytes depending on the configuration (876 kB, not 876 KiB).
 */
export const USED_MEMORY_STARTUP_BYTES: number = REDIS_7_0.usedMemoryStartupBytes;

/** sizeof(robj): type, encoding, lru (24 bits), refcount, ptr. */
export const ROBJ_BYTES: number = REDIS_7_0.objects.robjBytes;

/** Strings of at most this many bytes are embstr: robj and sds in one allocation. */
export const EMBSTR_SIZE_LIMIT_BYTES: number = REDIS_7_0.objects.embstrSizeLimitBytes;

/** sizeof(dictEntry): key, value, next pointers. MEMORY USAGE adds it unrounded. */
export const DICT_ENTRY_STRUCT_BYTES: number = REDIS_7_0.mainDict.entryStructBytes;

/** A main-dict entry as allocated (24 rounded to the 32-byte class). */
export const DICT_ENTRY_BYTES: number = REDIS_7_0.mainDict.entryBytes;

/** A main-dict entry in cluster mode: 7.0/7.2 add 16 bytes of slot-list metadata (40 → 48). */
export const CLUSTER_DICT_ENTRY_BYTES: number = REDIS_7_0.mainDict.clusterEntryBytes;

/** An entry of the expires dict (key pointer shared with the main dict, s64 expiry). */
export const EXPIRE_ENTRY_BYTES: number = REDIS_7_0.mainDict.expireEntryBytes;

/** One bucket pointer of a dict hash table. */
export const BUCKET_BYTES = 8;

/**
 * The jemalloc size class that serves a request: 8, 16, then steps of 16 up to 128 (no 24),
 * then four classes per doubling (160, 192, 224, 256, 320, …). Large classes keep the
 * four-per-doubling spacing, so one rule covers every size a string can have.
 */
export function jemallocSizeBytes(requestBytes: number, quantumBytes = 16): number {
  if (requestBytes <= 8) return 8;
  // A jemalloc built with an 8-byte quantum (Redis 7.2+: --with-lg-quantum=3) adds 24, 40 and 56.
  if (quantumBytes === 8 && requestBytes <= 64) return (requestBytes + 7) & ~7;
  if (requestBytes <= 128) return (requestBytes + 15) & ~15;
  // Largest power of two below the request; the spacing inside its doubling is a quarter of it.
  const lowerPowerOfTwo = requestBytes <= 0x8000_0000
    ? 2 ** (31 - Math.clz32(requestBytes - 1))
    : 2 ** Math.floor(Math.log2(requestBytes - 1));
  const spacingBytes = lowerPowerOfTwo / 4;
  return Math.ceil(requestBytes / spacingBytes) * spacingBytes;
}

/**
 * Header bytes of an sds string as sdsnewlen picks its type: sdshdr5 (1) below 32 bytes,
 * sdshdr8 (3), sdshdr16 (5), sdshdr32 (9), sdshdr64 (17). An empty string is created as
 * sdshdr8 because sdshdr5 cannot grow.
 */
export function sdsHeaderBytes(lengthBytes: number): number {
  if (lengthBytes === 0) return 3;
  if (lengthBytes < 32) return 1;
  if (lengthBytes < 256) return 3;
  if (lengthBytes < 65536) return 5;
  if (lengthBytes < 4294967296) return 9;
  return 17;
}

/** The allocation of an sds string: header, bytes and the terminating NUL, rounded. */
export function sdsAllocBytes(lengthBytes: number, quantumBytes = 16): number {
  return jemallocSizeBytes(sdsHeaderBytes(lengthBytes) + lengthBytes + 1, quantumBytes);
}

/**
 * A string value object. embstr (≤ 44 bytes): robj + sdshdr8 + bytes + NUL in one allocation;
 * raw: a 16-byte robj plus a separate sds. Values are taken as non-integer strings (see
 * DEPARTURES: no int encoding).
 */
export function stringValueBytes(valueBytes: number, layout: MemoryLayout = REDIS_7_0): number {
  const { objects, jemallocQuantumBytes: quantum } = layout;
  if (valueBytes <= objects.embstrSizeLimitBytes) return jemallocSizeBytes(objects.robjBytes + 3 + valueBytes + 1, quantum);
  return objects.robjBytes + sdsAllocBytes(valueBytes, quantum);
}

/**
 * The `valueBytes` a cache command takes for a value that is not a plain string (a listpack hash,
 * a sorted set, an int-encoded counter): its allocated bytes, encoded as −1 − bytes so that
 * string lengths (≥ 0) keep their meaning.
 */
export function objectValueBytes(allocatedBytes: number): number {
  return -1 - allocatedBytes;
}

/**
 * The key's share of a main-dict entry as allocated: the key sds copied by dbAdd and the
 * dictEntry, or (a profile that embeds keys) the one entry holding both.
 */
export function keyAndEntryBytes(keyBytes: number, clusterMode: boolean, layout: MemoryLayout = REDIS_7_0): number {
  const { mainDict: dict, jemallocQuantumBytes: quantum } = layout;
  if (dict.embedsKey) return jemallocSizeBytes(dict.embeddedEntryHeaderBytes + keyBytes + 1, quantum);
  return sdsAllocBytes(keyBytes, quantum) + (clusterMode ? dict.clusterEntryBytes : dict.entryBytes);
}

/**
 * What one key adds to used_memory, hash-table buckets and the expires entry aside: the key and
 * its main-dict entry (keyAndEntryBytes) and the value object (a string of `valueBytes`, or see
 * objectValueBytes).
 */
export function keyEntryBytes(keyBytes: number, valueBytes: number, clusterMode: boolean, layout: MemoryLayout = REDIS_7_0): number {
  return keyAndEntryBytes(keyBytes, clusterMode, layout) + (valueBytes < 0 ? -1 - valueBytes : stringValueBytes(valueBytes, layout));
}

/** Bytes of a dict hash table with `tableSize` buckets (0 before the first insert). */
export function hashTableBytes(tableSize: number): number {
  return tableSize * BUCKET_BYTES;
}

/**
 * What `MEMORY USAGE key` adds for the key besides its value: the key sds as allocated plus
 * sizeof(dictEntry) unrounded, or an embedding entry as allocated (the command ignores the
 * expires entry and the buckets).
 */
export function memoryUsageKeyBytes(keyBytes: number, layout: MemoryLayout = REDIS_7_0): number {
  const dict = layout.mainDict;
  return dict.embedsKey ? keyAndEntryBytes(keyBytes, false, layout) : sdsAllocBytes(keyBytes, layout.jemallocQuantumBytes) + dict.entryStructBytes;
}

/** What `MEMORY USAGE key` reports for a string: the value object plus memoryUsageKeyBytes. */
export function memoryUsageCommandBytes(keyBytes: number, valueBytes: number, layout: MemoryLayout = REDIS_7_0): number {
  return stringValueBytes(valueBytes, layout) + memoryUsageKeyBytes(keyBytes, layout);
}
