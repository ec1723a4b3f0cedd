/**
 * What a limiter's key holds in Redis 7.0 and what it costs: the value object as used_memory
 * counts it, and what `MEMORY USAGE key` reports. Measured on Debian's redis-server 7.0.15 (see
 * key-memory.test.ts, which asks a real server):
 * - fixed window: an int-encoded string counter (INCR): a 16-byte robj, or a shared integer
 *   (no allocation) below 10 000 unless maxmemory is set with an LRU/LFU policy;
 * - GCRA: the TAT in ms, an int-encoded string (16 bytes);
 * - token bucket: a listpack hash {tokens: micro-tokens as an integer, ts: epoch ms};
 * - sliding counter: a listpack hash {window index: count} of the current and previous window;
 * - sliding log: a sorted set of `<epoch ms>-<seq>` members scored by epoch ms, a listpack up to
 *   128 entries (zset-max-listpack-entries), above that a skiplist whose node heights are random
 *   (its size here is the expectation; measured within 10 % of MEMORY USAGE).
 */
import { listpackAllocBytes, listpackIntBytes, listpackStringBytes, sdsAllocBytes } from '../cache';
import type { RateLimitAlgorithm } from '../model/rate-limit-schema';

/** sizeof(robj). */
const ROBJ_BYTES = 16;
/** sizeof(dictEntry), as MEMORY USAGE adds it. */
const DICT_ENTRY_STRUCT_BYTES = 24;
/** zset-max-listpack-entries / hash-max-listpack-entries (defaults). */
export const MAX_LISTPACK_ENTRIES = 128;
/** An epoch time in ms has 13 digits until 2286: the width every stored timestamp is taken at. */
export const EPOCH_MS = 1_700_000_000_000;

/** What a limiter key holds at one moment: enough to size it. */
export interface KeyContents {
  algorithm: RateLimitAlgorithm;
  /** Fixed window: the counter. Sliding counter: current and previous counts. */
  count: number;
  previous: number;
  /** Sliding counter: the window length (the field is the epoch window index). */
  periodMs: number;
  /** Token bucket: the micro-tokens its hash stores (an integer). */
  microTokens: number;
  /** Sliding log: entries, and the sequence number of the newest (members end in -<seq>). */
  entries: number;
  newestSeq: number;
}

/** Decimal digits of a non-negative integer. */
function digits(value: number): number {
  return value < 10 ? 1 : Math.floor(Math.log10(value)) + 1;
}

/** Total digits of the consecutive integers from..to (from ≥ 1). */
function digitsOfRange(from: number, to: number): number {
  let total = 0;
  for (let width = digits(from), start = from; start <= to; width++) {
    const end = Math.min(to, 10 ** width - 1);
    total += (end - start + 1) * width;
    start = end + 1;
  }
  return total;
}

/**
 * The value object's bytes as MEMORY USAGE counts them (objectComputeSize): for int-encoded
 * strings the robj even when shared; for a skiplist its expected size.
 */
export function valueObjectBytes(key: KeyContents): number {
  switch (key.algorithm) {
    case 'fixed-window':
    case 'gcra':
      return ROBJ_BYTES;
    case 'token-bucket':
      return ROBJ_BYTES + listpackAllocBytes(listpackStringBytes(6) + listpackIntBytes(key.microTokens)
        + listpackStringBytes(2) + listpackIntBytes(EPOCH_MS));
    case 'sliding-counter': {
      // A window's field exists once it counted a request (HINCRBY); older windows are deleted.
      const field = listpackIntBytes(Math.floor(EPOCH_MS / key.periodMs));
      const fields = (key.previous > 0 ? field + listpackIntBytes(key.previous) : 0) + (key.count > 0 ? field + listpackIntBytes(key.count) : 0);
      return ROBJ_BYTES + listpackAllocBytes(fields);
    }
    case 'sliding-log':
      return ROBJ_BYTES + sortedSetBytes(key.entries, key.newestSeq);
  }
}

/** Members `<13 digits>-<seq>` with consecutive seqs ending at newestSeq, scores 13-digit integers. */
function sortedSetBytes(entries: number, newestSeq: number): number {
  if (entries === 0) return 0;
  const firstSeq = Math.max(1, newestSeq - entries + 1);
  const memberChars = entries * 14 + digitsOfRange(firstSeq, newestSeq);
  if (entries <= MAX_LISTPACK_ENTRIES) {
    // Members under 64 bytes: one length byte, the bytes, one backlen byte; scores are 64-bit ints.
    return listpackAllocBytes(memberChars + 2 * entries + entries * listpackIntBytes(EPOCH_MS));
  }
  // zset struct, skiplist and dict (7.0: 16 + 32 + 56) and the 32-level header node (640), then per
  // entry: its sds member, a node of 24 + 16 × level bytes (levels geometric with p = 1/4: ~53.6
  // expected), a dictEntry, and 8 bytes of bucket per slot of the dict's power-of-two table.
  const meanMember = memberChars / entries;
  const slots = 2 ** Math.ceil(Math.log2(entries));
  return 16 + 32 + 56 + 640 + entries * (sdsAllocBytes(meanMember) + 53.6 + DICT_ENTRY_STRUCT_BYTES) + 8 * slots;
}

/** What `MEMORY USAGE key` reports (value, key sds as allocated, a dictEntry unrounded). */
export function memoryUsageBytes(keyBytes: number, key: KeyContents): number {
  return valueObjectBytes(key) + sdsAllocBytes(keyBytes) + DICT_ENTRY_STRUCT_BYTES;
}

/**
 * The value's share of used_memory: as MEMORY USAGE, except that a counter below 10 000 is a
 * shared integer (no allocation) unless the policy forbids sharing (maxmemory with LRU/LFU).
 */
export function valueAllocBytes(key: KeyContents, sharedIntegers: boolean): number {
  if (key.algorithm === 'fixed-window' && sharedIntegers && key.count < 10_000) return 0;
  return valueObjectBytes(key);
}
