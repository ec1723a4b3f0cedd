import { hashTableBytes } from './memory';
import type { RandomSource } from './random';
import { ID_WORD, NO_SLOT, SLOT_WORDS } from './slot-store';
import type { SlotStore } from './slot-store';
import { tableSizeAfterCronResize, tableSizeBeforeAdd } from './table-size';

/** The table of a dict without one (shared: nothing ever writes to it). */
const NO_BUCKETS = new Int32Array(0);

/**
 * Bucket hash of a key id: murmur3's fmix32 over the id xor a per-dict seed. Redis hashes the
 * key bytes with seeded SipHash; any good mix gives the same bucket statistics (see DEPARTURES).
 * Returns a signed 32-bit value; callers mask it with the table size.
 */
export function hashKeyId(id: number, seed: number): number {
  let h = id ^ seed;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Redis's dict over key slots: a power-of-two bucket table whose buckets chain records through
 * one link word of each slot record (main and expires dicts use different words), new entries at
 * the head of their chain as dictAddRaw puts them. The bucket of a record is the hash of its key
 * id. The sampling routines reproduce dict.c because eviction quality depends on their bias
 * (consecutive buckets; long chains favoured by getSomeKeys, disfavoured by randomKey).
 *
 * The dict does not know which slots it holds: callers add only absent slots and remove only
 * present ones. Rehashing is instantaneous (see DEPARTURES) but moves entries in the order the
 * incremental rehash would, so chain order matches a finished Redis rehash.
 */
export class KeyDict {
  /** Entries held. */
  count = 0;
  /** Buckets allocated: a power of two, or 0 before the first insert. */
  tableSize = 0;
  private mask = 0;
  private heads: Int32Array = NO_BUCKETS;
  private readonly slots: SlotStore;
  private readonly nextWord: number;
  private readonly seed: number;

  /**
   * @param slots the records this dict chains
   * @param nextWord the record word holding this dict's chain link
   * @param seed the hash seed (Redis seeds SipHash randomly at startup)
   */
  constructor(slots: SlotStore, nextWord: number, seed: number) {
    this.slots = slots;
    this.nextWord = nextWord;
    this.seed = seed | 0;
  }

  /**
   * Adds a slot that is not in the dict, first growing the table as _dictExpandIfNeeded does.
   * @param memoryRoomBytes maxmemory − used memory now (Infinity without a limit): Redis 7
   *   refuses to grow a table at most 1.618 full when the new table would not fit.
   */
  add(slot: number, memoryRoomBytes: number): void {
    const size = tableSizeBeforeAdd(this.count, this.tableSize, memoryRoomBytes);
    if (size !== this.tableSize) this.rehash(size);
    const words = this.slots.words;
    const bucket = hashKeyId(words[slot * SLOT_WORDS + ID_WORD], this.seed) & this.mask;
    words[slot * SLOT_WORDS + this.nextWord] = this.heads[bucket];
    this.heads[bucket] = slot;
    this.count++;
  }

  /** Unlinks a slot that is in the dict. Like Redis 7.0, a delete never shrinks the table. */
  remove(slot: number): void {
    const heads = this.heads;
    const words = this.slots.words;
    const nextWord = this.nextWord;
    const bucket = hashKeyId(words[slot * SLOT_WORDS + ID_WORD], this.seed) & this.mask;
    let current = heads[bucket];
    if (current === slot) {
      heads[bucket] = words[slot * SLOT_WORDS + nextWord];
    } else {
      let previous = current;
      while ((current = words[previous * SLOT_WORDS + nextWord]) !== slot) {
        if (current === NO_SLOT) throw new Error(`KeyDict.remove: slot ${slot} is not in the dict`);
        previous = current;
      }
      words[previous * SLOT_WORDS + nextWord] = words[slot * SLOT_WORDS + nextWord];
    }
    words[slot * SLOT_WORDS + nextWord] = NO_SLOT;
    this.count--;
  }

  /** The bucket table as allocated. */
  get memoryBytes(): number {
    return hashTableBytes(this.tableSize);
  }

  /** Frees the table of an empty dict (kvstore frees a slot's dict with its last key). */
  release(): void {
    if (this.count !== 0) throw new Error('KeyDict.release: the dict still holds entries');
    this.heads = NO_BUCKETS;
    this.tableSize = 0;
    this.mask = 0;
  }

  /** serverCron's tryResizeHashTables: shrinks a table filled below 10 %. */
  shrinkIfSparse(): void {
    const size = tableSizeAfterCronResize(this.count, this.tableSize);
    if (size !== this.tableSize) this.rehash(size);
  }

  /** The first slot chained in a bucket (the index is masked to the table), or NO_SLOT. */
  bucketHead(bucketIndex: number): number {
    return this.tableSize === 0 ? NO_SLOT : this.heads[bucketIndex & this.mask];
  }

  /** The slot after `slot` in its chain, or NO_SLOT. */
  nextInChain(slot: number): number {
    return this.slots.words[slot * SLOT_WORDS + this.nextWord];
  }

  /**
   * dictGetSomeKeys: from a random bucket, walk consecutive buckets collecting whole chains,
   * jumping elsewhere after a run of empty buckets, for at most 10 × count steps. Like Redis it
   * may return fewer than asked, and after a jump the same key twice.
   * @param at where in `out` to write (default its start)
   * @returns how many slots were written to `out` from `at`
   */
  getSomeKeys(count: number, out: Int32Array, rng: RandomSource, at = 0): number {
    const wanted = this.count < count ? this.count : count;
    if (wanted === 0) return 0;
    const heads = this.heads;
    const words = this.slots.words;
    const nextWord = this.nextWord;
    const mask = this.mask;
    let maxSteps = wanted * 10;
    let stored = 0;
    let emptyRun = 0;
    let bucket = rng.nextU32() & mask;
    while (stored < wanted && maxSteps-- > 0) {
      let slot = heads[bucket];
      if (slot === NO_SLOT) {
        emptyRun++;
        // After `count` (at least 5) empty buckets in a row, try another region of the table.
        if (emptyRun >= 5 && emptyRun > wanted) {
          bucket = rng.nextU32() & mask;
          emptyRun = 0;
        }
      } else {
        emptyRun = 0;
        while (slot !== NO_SLOT) {
          out[at + stored++] = slot;
          if (stored === wanted) return stored;
          slot = words[slot * SLOT_WORDS + nextWord];
        }
      }
      bucket = (bucket + 1) & mask;
    }
    return stored;
  }

  /**
   * dictGetRandomKey: a uniformly random non-empty bucket, then a uniformly random entry of its
   * chain (so entries in long chains are less likely). NO_SLOT when the dict is empty.
   */
  randomKey(rng: RandomSource): number {
    if (this.count === 0) return NO_SLOT;
    const heads = this.heads;
    const words = this.slots.words;
    const nextWord = this.nextWord;
    const mask = this.mask;
    let head: number;
    do {
      head = heads[rng.nextU32() & mask];
    } while (head === NO_SLOT);
    let chainLength = 0;
    for (let slot = head; slot !== NO_SLOT; slot = words[slot * SLOT_WORDS + nextWord]) chainLength++;
    let slot = head;
    for (let skip = rng.nextU32() % chainLength; skip > 0; skip--) slot = words[slot * SLOT_WORDS + nextWord];
    return slot;
  }

  /** Moves every entry to a table of `newSize` buckets, bucket by bucket, chain order kept. */
  private rehash(newSize: number): void {
    const oldHeads = this.heads;
    const oldSize = this.tableSize;
    const heads = new Int32Array(newSize).fill(NO_SLOT);
    const words = this.slots.words;
    const nextWord = this.nextWord;
    const mask = newSize - 1;
    for (let bucket = 0; bucket < oldSize; bucket++) {
      let slot = oldHeads[bucket];
      while (slot !== NO_SLOT) {
        const link = slot * SLOT_WORDS + nextWord;
        const next = words[link];
        const target = hashKeyId(words[slot * SLOT_WORDS + ID_WORD], this.seed) & mask;
        words[link] = heads[target];
        heads[target] = slot;
        slot = next;
      }
    }
    this.heads = heads;
    this.tableSize = newSize;
    this.mask = mask;
  }
}
