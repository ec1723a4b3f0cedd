/**
 * What a value object of each type costs under a server profile: what MEMORY USAGE … SAMPLES 0
 * reports (struct sizes as sizeof, allocations as jemalloc serves them) and what used_memory
 * counts (every allocation rounded). Follows object.c's objectComputeSize and the encodings'
 * conversion rules; the profile supplies every number that differs between versions.
 */
import { LISTPACK_OVERHEAD_BYTES, listpackIntBytes, listpackStringBytes } from '../listpack';
import { BUCKET_BYTES, jemallocSizeBytes, keyAndEntryBytes, memoryUsageKeyBytes, sdsAllocBytes, stringValueBytes } from '../memory';
import { nextTableSize } from '../table-size';
import type { MemoryCase, ObjectType } from './memory-cases';
import type { ServerProfile } from './profile-schema';

/** A value: `elements` elements of `elementBytes` (hash fields are 4 bytes, `f` + 3 digits). */
export interface ObjectShape {
  type: ObjectType;
  elements: number;
  elementBytes: number;
  integers?: boolean;
  /** Every hash field carries a TTL (HPEXPIRE; profiles with hashFieldExpiry). */
  fieldTtl?: boolean;
}

export interface ObjectMemory {
  /** OBJECT ENCODING's name. */
  encoding: string;
  /** The value's part of MEMORY USAGE. */
  usageBytes: number;
  /** The value's part of used_memory. */
  allocBytes: number;
}

const HASH_FIELD_BYTES = 4;

/** dictEntryNoValue: key and next pointers. */
const NO_VALUE_ENTRY_BYTES = 16;

/**
 * Bucket slots of a dict after `adds` inserts into a table of `initialSize` (0: none yet), as
 * dictSlots counts them (both tables while a rehash is under way). A rehash from S to 2S starts
 * when an add finds used ≥ S; each later add moves `stepsPerAdd` non-empty buckets of the old
 * table (dicts of objects are only rehashed by their own operations), of which S entries fill
 * S·(1 − (1 − 1/S)^S) on average: the expected state, not the seeded hash's exact one.
 */
function dictSlots(initialSize: number, used: number, adds: number, stepsPerAdd: number): { slots: number; tables: number[] } {
  let size = initialSize;
  let oldSize = 0;
  let pending = 0;
  for (let i = 0; i < adds; i++) {
    if (oldSize > 0) {
      pending -= stepsPerAdd;
      if (pending <= 0) oldSize = 0;
    }
    if (size === 0) {
      size = 4;
    } else if (oldSize === 0 && used >= size) {
      oldSize = size;
      pending = size * (1 - (1 - 1 / size) ** used);
      size *= 2;
    }
    used++;
  }
  return { slots: size + oldSize, tables: oldSize > 0 ? [oldSize, size] : [size] };
}

/** An allocation of `bytes` under the profile's jemalloc. */
function alloc(profile: ServerProfile, bytes: number): number {
  return jemallocSizeBytes(bytes, profile.jemallocQuantumBytes);
}

function sds(profile: ServerProfile, length: number): number {
  return sdsAllocBytes(length, profile.jemallocQuantumBytes);
}

function tablesAllocBytes(profile: ServerProfile, tables: number[]): number {
  return tables.reduce((sum, size) => sum + alloc(profile, size * BUCKET_BYTES), 0);
}

function listpackBytes(entryBytes: number): number {
  return LISTPACK_OVERHEAD_BYTES + entryBytes;
}

function elementEntryBytes(shape: ObjectShape, index: number): number {
  return shape.integers ? listpackIntBytes(index + 1) : listpackStringBytes(shape.elementBytes);
}

/** A value in one listpack (hash, set, zset or small list): the robj and the listpack's allocation. */
function inListpack(profile: ServerProfile, entryBytes: number): ObjectMemory {
  const bytes = profile.objects.robjBytes + alloc(profile, listpackBytes(entryBytes));
  return { encoding: 'listpack', usageBytes: bytes, allocBytes: bytes };
}

function sum(count: number, of: (index: number) => number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += of(i);
  return total;
}

function hashMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  const { objects, encodings } = profile;
  const n = shape.elements;
  const hfe = shape.fieldTtl ? profile.hashFieldExpiry : null;
  const entryBytes = listpackStringBytes(HASH_FIELD_BYTES) + listpackStringBytes(shape.elementBytes);
  const longValue = shape.elementBytes > encodings.hashMaxListpackValue;
  if (!longValue && n <= encodings.hashMaxListpackEntries) {
    if (!hfe) return inListpack(profile, n * entryBytes);
    // listpackex: a header struct, and field-value-TTL triples in the listpack.
    const bytes = objects.robjBytes + alloc(profile, hfe.listpackExBytes)
      + alloc(profile, listpackBytes(n * (entryBytes + hfe.listpackTtlEntryBytes)));
    return { encoding: 'listpackex', usageBytes: bytes, allocBytes: bytes };
  }
  // Too many fields: converted when the listpack passes the limit, into a table sized for it.
  const converted = longValue ? 0 : encodings.hashMaxListpackEntries + 1;
  const grown = dictSlots(converted === 0 ? 0 : nextTableSize(converted), converted, n - converted, objects.rehashStepsPerAdd.hash);
  // HPEXPIRE of every field looks each one up, which finishes a rehash under way.
  const tables = hfe ? grown.tables.slice(-1) : grown.tables;
  const slots = tables.reduce((total, size) => total + size, 0);
  // A field with a TTL is an mstr with expiry metadata in front; without, an sds-sized string.
  const field = hfe ? alloc(profile, hfe.fieldMetaBytes + HASH_FIELD_BYTES + 1) : sds(profile, HASH_FIELD_BYTES);
  const perField = field + sds(profile, shape.elementBytes);
  // The hash's own ebuckets of its fields' TTLs: a list up to a segment's items, then segment headers.
  const fieldBuckets = hfe && n > hfe.ebucketsSegmentItems ? Math.ceil(n / hfe.ebucketsSegmentItems) * hfe.ebucketsSegmentBytes : 0;
  return {
    encoding: 'hashtable',
    usageBytes: objects.robjBytes + objects.dictStructBytes + slots * BUCKET_BYTES + n * (perField + objects.dictEntryStructBytes),
    allocBytes: objects.robjBytes + alloc(profile, objects.dictStructBytes + (hfe ? hfe.dictMetadataBytes : 0)) + tablesAllocBytes(profile, tables)
      + n * (perField + alloc(profile, objects.dictEntryStructBytes)) + fieldBuckets,
  };
}

function setMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  const { objects, encodings } = profile;
  const n = shape.elements;
  if (shape.integers && n <= encodings.setMaxIntsetEntries) {
    // intset: encoding and length (8 bytes), then int16 members.
    const bytes = objects.robjBytes + alloc(profile, 8 + 2 * n);
    return { encoding: 'intset', usageBytes: bytes, allocBytes: bytes };
  }
  if (n <= encodings.setMaxListpackEntries && shape.elementBytes <= encodings.setMaxListpackValue) {
    return inListpack(profile, sum(n, (i) => elementEntryBytes(shape, i)));
  }
  const { slots, tables } = objects.setPresized
    ? { slots: nextTableSize(n), tables: [nextTableSize(n)] }
    : dictSlots(0, 0, n, objects.rehashStepsPerAdd.set);
  const member = sds(profile, shape.elementBytes);
  // 'no-value': a member that finds its bucket empty is stored bare, the others get a {key, next}
  // entry; of n members in m buckets, m·(1 − (1 − 1/m)^n) land in distinct buckets (expected).
  const table = tables[tables.length - 1];
  const allocatedEntries = objects.setEntry === 'entry' ? n : n - table * (1 - (1 - 1 / table) ** n);
  const entryAlloc = alloc(profile, objects.setEntry === 'entry' ? objects.dictEntryStructBytes : NO_VALUE_ENTRY_BYTES);
  return {
    encoding: 'hashtable',
    usageBytes: objects.robjBytes + objects.dictStructBytes + slots * BUCKET_BYTES + n * member
      + (objects.setEntryUsageAllocated ? allocatedEntries * entryAlloc : n * objects.dictEntryStructBytes),
    allocBytes: objects.robjBytes + alloc(profile, objects.dictStructBytes) + tablesAllocBytes(profile, tables)
      + n * member + allocatedEntries * entryAlloc,
  };
}

/** list-max-listpack-size as a node's byte limit (−1 … −5: 4 kB … 64 kB). */
function nodeLimitBytes(profile: ServerProfile): number {
  const size = profile.encodings.listMaxListpackSize;
  return size < 0 ? 4096 * 2 ** (-size - 1) : Infinity;
}

function listMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  const { objects } = profile;
  const limit = nodeLimitBytes(profile);
  const nodes: number[] = [];
  let current = LISTPACK_OVERHEAD_BYTES;
  let inNode = 0;
  for (let i = 0; i < shape.elements; i++) {
    const entry = elementEntryBytes(shape, i);
    if (inNode > 0 && current + entry > limit) {
      nodes.push(current);
      current = LISTPACK_OVERHEAD_BYTES;
      inNode = 0;
    }
    current += entry;
    inNode++;
  }
  nodes.push(current);
  if (nodes.length === 1 && profile.encodings.smallListIsListpack) return inListpack(profile, current - LISTPACK_OVERHEAD_BYTES);
  const listpacks = nodes.reduce((total, bytes) => total + alloc(profile, bytes), 0);
  return {
    encoding: 'quicklist',
    usageBytes: objects.robjBytes + objects.quicklistBytes + nodes.length * objects.quicklistNodeBytes + listpacks,
    allocBytes: objects.robjBytes + alloc(profile, objects.quicklistBytes)
      + nodes.length * alloc(profile, objects.quicklistNodeBytes) + listpacks,
  };
}

/** The expected allocation of a skiplist node (24 bytes + 16 per level; levels geometric, p = 1/4, at most 32). */
function meanSkiplistNodeBytes(profile: ServerProfile): number {
  let mean = 0;
  for (let level = 1; level <= 32; level++) {
    const p = level < 32 ? 0.75 * 0.25 ** (level - 1) : 0.25 ** 31;
    mean += p * alloc(profile, 24 + 16 * level);
  }
  return mean;
}

function zsetMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  const { objects, encodings } = profile;
  const n = shape.elements;
  if (n <= encodings.zsetMaxListpackEntries && shape.elementBytes <= encodings.zsetMaxListpackValue) {
    // Member, then its score: the scores here are the integers 0 … n − 1.
    return inListpack(profile, sum(n, (i) => elementEntryBytes(shape, i) + listpackIntBytes(i)));
  }
  // ZADD of n elements creates a skiplist whose dict is expanded for n up front.
  const slots = nextTableSize(n);
  const perElement = sds(profile, shape.elementBytes) + meanSkiplistNodeBytes(profile);
  const fixed = objects.robjBytes + objects.zskiplistHeaderBytes;
  return {
    encoding: 'skiplist',
    usageBytes: fixed + objects.zsetStructBytes + objects.zskiplistBytes + objects.dictStructBytes + slots * BUCKET_BYTES
      + n * (perElement + objects.dictEntryStructBytes),
    allocBytes: fixed + alloc(profile, objects.zsetStructBytes) + alloc(profile, objects.zskiplistBytes)
      + alloc(profile, objects.dictStructBytes) + alloc(profile, slots * BUCKET_BYTES)
      + n * (perElement + alloc(profile, objects.dictEntryStructBytes)),
  };
}

function stringMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  const bytes = stringValueBytes(shape.elementBytes, profile);
  return { encoding: shape.elementBytes <= profile.objects.embstrSizeLimitBytes ? 'embstr' : 'raw', usageBytes: bytes, allocBytes: bytes };
}

/** The memory of one value of `shape` under `profile`. */
export function objectMemory(profile: ServerProfile, shape: ObjectShape): ObjectMemory {
  switch (shape.type) {
    case 'string': return stringMemory(profile, shape);
    case 'hash': return hashMemory(profile, shape);
    case 'set': return setMemory(profile, shape);
    case 'list': return listMemory(profile, shape);
    case 'zset': return zsetMemory(profile, shape);
  }
}

/** What the model predicts a memory case measures (the fields of MeasuredCase it can predict). */
export function modelCase(profile: ServerProfile, memoryCase: MemoryCase): { encoding: string; memoryUsage: number; usedMemoryDelta: number } {
  const value = objectMemory(profile, memoryCase);
  const hfe = memoryCase.fieldTtl ? profile.hashFieldExpiry : null;
  // Each hash with field TTLs is an item of db->hexpires: a segment header per segment of hashes.
  const hexpires = hfe ? hfe.ebucketsSegmentBytes / hfe.ebucketsSegmentItems : 0;
  const perKey = value.allocBytes + keyAndEntryBytes(memoryCase.keyBytes, false, profile) + (memoryCase.ttl ? profile.mainDict.expireEntryBytes : 0) + hexpires;
  const tables = (memoryCase.ttl ? 2 : 1) * nextTableSize(memoryCase.keys) * BUCKET_BYTES;
  return {
    encoding: value.encoding,
    memoryUsage: value.usageBytes + memoryUsageKeyBytes(memoryCase.keyBytes, profile),
    usedMemoryDelta: memoryCase.keys * perKey + tables,
  };
}
