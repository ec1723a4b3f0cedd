import { decodeUtf8, encodeUtf8 } from './utf8';

/**
 * MurmurHash3 (x86, 32-bit) of bytes[start, end): the hash `internHashed` expects. It takes four
 * bytes per step, so its dependency chain is a quarter of a byte-at-a-time hash's on long keys.
 */
export function hashKeyBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x9747b28c ^ (end - start);
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = end - i;
  if (rest > 0) {
    let k = bytes[i];
    if (rest > 1) k |= bytes[i + 1] << 8;
    if (rest > 2) k |= bytes[i + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    h ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * `internAll` reads ahead in groups of this many keys: the buckets of the keys 4 groups ahead,
 * the start offsets of those 2 groups ahead (their bucket now known), the arena bytes of the
 * next group — each group's reads back to back, so their cache misses overlap.
 */
const GROUP = 4;

/**
 * Gives each distinct key (a byte string) a dense id — 0, 1, 2, … in first-seen order — without
 * creating a JS string per key: key bytes live back to back in one growing arena, and an
 * open-addressing table (murmur3-hashed, linear probing, ≤ 75 % full) finds them. A bucket is
 * 8 bytes (hash, id + 1): a million keys take an 8 MB table, which leaves the CPU's cache to the
 * simulation that replays the keys on the other core while they are parsed.
 */
export class KeyInterner {
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  /** starts[id] .. starts[id + 1] are the key's bytes in the arena. */
  private starts: Int32Array = new Int32Array(1025);
  /** Buckets of two ints: hash, id + 1 (0 = empty). */
  private table = new Int32Array(2048 * 2);
  private shift = 32 - 11;
  private count = 0;
  /** What `internAll` read ahead (kept so that the reads are not optimized away). */
  private touched = 0;

  /** Distinct keys interned. */
  get size(): number {
    return this.count;
  }

  /** Total bytes of all distinct keys. */
  get totalKeyBytes(): number {
    return this.arenaUsed;
  }

  /** The id of the key bytes[start, end), adding it if new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, hashKeyBytes(bytes, start, end));
  }

  /** As `intern`, for callers that hashed the bytes with `hashKeyBytes` while scanning them. */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const length = end - start;
    const starts = this.starts;
    // A bucket whose hash differs is skipped without reading the key's bytes.
    let bucket = (hash >>> this.shift) << 1;
    for (;;) {
      const entry = table[bucket + 1];
      if (entry === 0) break;
      if (table[bucket] === hash) {
        const from = starts[entry - 1];
        if (starts[entry] - from === length && this.sameBytes(from, bytes, start, length)) return entry - 1;
      }
      bucket = (bucket + 2) & mask;
    }
    return this.add(bytes, start, end, hash, bucket);
  }

  /**
   * Interns keys i in [0, count) — bytes[starts[i], ends[i]) hashed to hashes[i] — in that order,
   * their ids into ids[i]: the ids `internHashed` one by one gives. With a million keys a lookup
   * misses the caches up to three times (bucket, start offset, arena); reading those of the keys
   * a few groups ahead first (see GROUP) lets the misses overlap instead of queueing.
   */
  internAll(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, hashes: Int32Array, count: number, ids: Int32Array): void {
    let touched = 0;
    for (let i = 0; i < count; i++) {
      if ((i & (GROUP - 1)) === 0) {
        const table = this.table;
        const shift = this.shift;
        const keyStarts = this.starts;
        const arena = this.arena;
        const end4 = Math.min(count, i + 5 * GROUP);
        for (let j = i + 4 * GROUP; j < end4; j++) touched ^= table[((hashes[j] >>> shift) << 1) + 1];
        const end2 = Math.min(count, i + 3 * GROUP);
        for (let j = i + 2 * GROUP; j < end2; j++) {
          const entry = table[((hashes[j] >>> shift) << 1) + 1];
          if (entry !== 0) touched ^= keyStarts[entry - 1];
        }
        const end1 = Math.min(count, i + 2 * GROUP);
        for (let j = i + GROUP; j < end1; j++) {
          const entry = table[((hashes[j] >>> shift) << 1) + 1];
          if (entry !== 0) touched ^= arena[keyStarts[entry - 1]];
        }
      }
      ids[i] = this.internHashed(bytes, starts[i], ends[i], hashes[i]);
    }
    this.touched = touched;
  }


  /** The id of a key given as text (UTF-8 encoded), adding it if new. */
  internString(key: string): number {
    const bytes = encodeUtf8(key);
    return this.intern(bytes, 0, bytes.length);
  }

  /** The key's text (decoded from UTF-8 on each call: meant for display, not for hot loops). */
  keyOf(id: number): string {
    this.check(id);
    return decodeUtf8(this.arena, this.starts[id], this.starts[id + 1]);
  }

  /** The key's length in bytes (as Redis counts it). */
  keyBytes(id: number): number {
    this.check(id);
    return this.starts[id + 1] - this.starts[id];
  }

  /** The key's bytes as a read-only view into the arena (no copy; do not modify). */
  bytesOf(id: number): Uint8Array {
    this.check(id);
    return this.arena.subarray(this.starts[id], this.starts[id + 1]);
  }

  private sameBytes(from: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    let i = 0;
    // Four bytes per branch: keys of different lengths share one well-predicted loop.
    for (const last = length - 3; i < last; i += 4) {
      const a = from + i;
      const b = start + i;
      if (((arena[a] ^ bytes[b]) | (arena[a + 1] ^ bytes[b + 1]) | (arena[a + 2] ^ bytes[b + 2]) | (arena[a + 3] ^ bytes[b + 3])) !== 0) return false;
    }
    for (; i < length; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number, bucket: number): number {
    const id = this.count++;
    const length = end - start;
    const from = this.arenaUsed;
    if (from + length > this.arena.length) this.arena = grown(this.arena, from + length);
    this.arena.set(bytes.subarray(start, end), from);
    this.arenaUsed += length;
    if (id + 2 > this.starts.length) this.starts = grownInts(this.starts, id + 2);
    this.starts[id + 1] = this.arenaUsed;
    const table = this.table;
    table[bucket] = hash;
    table[bucket + 1] = id + 1;
    if (this.count * 8 > table.length * 3) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 1;
    this.shift -= 1;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from + 1] === 0) continue;
      let bucket = (old[from] >>> this.shift) << 1;
      while (table[bucket + 1] !== 0) bucket = (bucket + 2) & mask;
      table[bucket] = old[from];
      table[bucket + 1] = old[from + 1];
    }
    this.table = table;
  }

  private check(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.count)) {
      throw new RangeError(`key id ${id} is not interned; ids run from 0 to ${this.count - 1}`);
    }
  }
}

function grown(bytes: Uint8Array, atLeast: number): Uint8Array {
  const next = new Uint8Array(Math.max(atLeast, bytes.length * 2));
  next.set(bytes);
  return next;
}

function grownInts(ints: Int32Array, atLeast: number): Int32Array {
  const next = new Int32Array(Math.max(atLeast, ints.length * 2));
  next.set(ints);
  return next;
}
