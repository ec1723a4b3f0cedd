/**
 * The objects a server profile is measured on: strings, hashes, sets, lists and sorted sets at
 * several sizes, one case per encoding the profiles tell apart. The recorder
 * (scripts/record-server-profile.ts) builds each case on a real server and writes what it
 * reported to a fixture; the profile tests and `npm run fidelity:servers` compare the model with
 * those numbers. Pure: the commands are data, sent by whoever talks to a server.
 */

export type ObjectType = 'string' | 'hash' | 'set' | 'list' | 'zset';

/** One measured shape: `keys` keys of `type`, each with `elements` elements of `elementBytes`. */
export interface MemoryCase {
  id: string;
  type: ObjectType;
  /** Bytes of each key name (all keys of a case have the same length). */
  keyBytes: number;
  /** String: 1; aggregates: fields, members or list elements per key. */
  elements: number;
  /** String: the value's bytes; hash: each value's bytes (fields are `f` + 3 digits); others: each element's bytes. */
  elementBytes: number;
  /** Members are small integers (an intset, or a listpack of integers). */
  integers?: boolean;
  /** Each key gets a TTL (the expires dict holds an entry). */
  ttl?: boolean;
  /** Each hash field gets a TTL (HPEXPIRE, Redis 7.4+: hash-field expiration). */
  fieldTtl?: boolean;
  /** How many keys the used_memory delta is taken over. */
  keys: number;
}

const KEY_BYTES = 10;

function c(id: string, type: ObjectType, elements: number, elementBytes: number, keys: number, extra: Partial<MemoryCase> = {}): MemoryCase {
  return { id, type, keyBytes: KEY_BYTES, elements, elementBytes, keys, ...extra };
}

/** Every case, in fixture order. */
export const MEMORY_CASES: readonly MemoryCase[] = [
  c('string-embstr-20', 'string', 1, 20, 5000),
  c('string-embstr-44', 'string', 1, 44, 5000),
  c('string-raw-45', 'string', 1, 45, 5000),
  c('string-raw-100', 'string', 1, 100, 5000),
  c('string-raw-1000', 'string', 1, 1000, 2000),
  c('string-raw-100-ttl', 'string', 1, 100, 5000, { ttl: true }),
  c('hash-small-5x10', 'hash', 5, 10, 1000),
  c('hash-small-100x10', 'hash', 100, 10, 200),
  c('hash-large-600x10', 'hash', 600, 10, 50),
  c('hash-longvalue-5x100', 'hash', 5, 100, 1000),
  c('set-int-10', 'set', 10, 0, 1000, { integers: true }),
  c('set-small-10x10', 'set', 10, 10, 1000),
  c('set-large-200x10', 'set', 200, 10, 100),
  c('list-small-10x10', 'list', 10, 10, 1000),
  c('list-large-1000x10', 'list', 1000, 10, 50),
  c('zset-small-10x10', 'zset', 10, 10, 1000),
  c('zset-large-200x10', 'zset', 200, 10, 100),
];

/**
 * Hashes whose fields carry TTLs (HPEXPIRE): measured only on profiles with hash-field expiration,
 * into fixtures/<version>-hfe.json (the recorder's --hfe).
 */
export const HFE_MEMORY_CASES: readonly MemoryCase[] = [
  c('hash-fttl-small-5x10', 'hash', 5, 10, 1000, { fieldTtl: true }),
  c('hash-fttl-small-100x10', 'hash', 100, 10, 200, { fieldTtl: true }),
  c('hash-fttl-large-600x10', 'hash', 600, 10, 50, { fieldTtl: true }),
  c('hash-fttl-longvalue-5x100', 'hash', 5, 100, 1000, { fieldTtl: true }),
];

/** The key name of key `index` of a case: its id's first letters and a zero-padded index, `keyBytes` long. */
export function caseKey(memoryCase: MemoryCase, index: number): string {
  const prefix = `${memoryCase.id.replace(/[^a-z0-9]/g, '').slice(0, 3)}:`;
  return prefix + String(index).padStart(memoryCase.keyBytes - prefix.length, '0');
}

/** A non-numeric string of `bytes` bytes, varying with `seed` (so a set's members differ). */
function text(bytes: number, seed: number): string {
  const head = `v${seed}x`;
  return (head + 'y'.repeat(Math.max(0, bytes - head.length))).slice(0, bytes);
}

function hashField(index: number): string {
  return `f${String(index).padStart(3, '0')}`;
}

/** The commands that build key `index` of a case (`argv` arrays). */
export function caseCommands(memoryCase: MemoryCase, index: number): string[][] {
  const key = caseKey(memoryCase, index);
  const n = memoryCase.elements;
  // Members differ from key to key: hashtable collisions then vary between keys as a real
  // keyspace's do, and the mean over the case's keys is the expectation the model gives.
  const elements = Array.from({ length: n }, (_, i) => memoryCase.integers ? String(i + 1) : text(memoryCase.elementBytes, index * 1000 + i));
  const commands: string[][] = [];
  switch (memoryCase.type) {
    case 'string': commands.push(['SET', key, text(memoryCase.elementBytes, index % 10)]); break;
    case 'hash': commands.push(['HSET', key, ...elements.flatMap((value, i) => [hashField(i), value])]); break;
    case 'set': commands.push(['SADD', key, ...elements]); break;
    case 'list': commands.push(['RPUSH', key, ...elements]); break;
    case 'zset': commands.push(['ZADD', key, ...elements.flatMap((member, i) => [String(i), member])]); break;
  }
  if (memoryCase.ttl) commands.push(['PEXPIRE', key, '3600000']);
  if (memoryCase.fieldTtl) commands.push(['HPEXPIRE', key, '3600000', 'FIELDS', String(n), ...elements.map((_, i) => hashField(i))]);
  return commands;
}

/** What a server reported for one case. */
export interface MeasuredCase {
  id: string;
  /** The encoding OBJECT ENCODING named. */
  encoding: string;
  /** MEMORY USAGE … SAMPLES 0 of key 0. */
  memoryUsage: number;
  /** The mean MEMORY USAGE … SAMPLES 0 over the first (up to) 50 keys (skiplist heights are random). */
  memoryUsageMean: number;
  /** used_memory less mem_clients_normal after the case's keys were written, less the same before (an empty database). */
  usedMemoryDelta: number;
  keys: number;
}
