/** No slot: the key id is absent, or the end of a chain or list. */
export const NO_SLOT = -1;

/** Int32 words per record: 32 bytes, so a record never straddles a 64-byte cache line. */
export const SLOT_WORDS = 8;
/** Float64 index of the expiry time is slot × SLOT_F64S (words 0–1). */
export const SLOT_F64S = 4;
/** Word offsets inside a record. */
export const ID_WORD = 2;
export const BYTES_WORD = 3;
/** Main-dict chain link (RedisKeyspace). */
export const MAIN_NEXT_WORD = 4;
/** Expires-dict chain link. */
export const EXPIRES_NEXT_WORD = 5;
/** The robj lru field (RedisKeyspace) or the link to the more recent key (ExactLruCache). */
export const RECENCY_WORD = 6;
/** The link to the less recent key (ExactLruCache). */
export const OLDER_WORD = 7;

const INITIAL_SLOTS = 4096;

/**
 * Storage for live keys: one 32-byte record per key in dense slots (expiry, id, bytes, chain
 * links, recency), and a key table from key id to slot (an entry may be stale: see slotOf). A cache usually holds a small share of
 * the key ids, so dense records keep eviction sampling and chain walks inside a few MB of memory
 * instead of touching one cache line per array per key. Freed slots are reused last-in first-out
 * to keep the live set dense; the record arrays double when full, up to one slot per key id.
 *
 * The key table has `keyStride` words per id, the slot in the first: its own table, or a caller's
 * per-key records (see KeyTable), whose other words it leaves alone.
 */
export class SlotStore {
  /** Per key id, `keyStride` words, the first its slot (NO_SLOT or stale when absent: see slotOf); replaced by ensureKeyCapacity. */
  keys: Int32Array;
  readonly keyStride: number;
  /** Records as int32 words; replaced when the store grows, so never cache it across inserts. */
  words: Int32Array;
  /** The same records as float64s (expiry times). Replaced with `words`. */
  doubles: Float64Array;
  private capacity: number;
  private maxCapacity: number;
  private highWater = 0;
  private freeHead = NO_SLOT;

  /**
   * @param keyCapacity key ids 0 … keyCapacity − 1
   * @param shared a caller's key table (`keyCapacity` × stride words) to keep slots in, or an own
   *   table of `stride` words per id when absent
   */
  constructor(keyCapacity: number, shared?: { words: Int32Array; stride: number }, stride = 1) {
    this.keyStride = shared?.stride ?? stride;
    this.keys = shared?.words ?? new Int32Array(keyCapacity * this.keyStride);
    this.clearSlots(0, keyCapacity);
    this.maxCapacity = keyCapacity;
    this.capacity = Math.min(keyCapacity, INITIAL_SLOTS);
    const buffer = new ArrayBuffer(this.capacity * SLOT_WORDS * 4);
    this.words = new Int32Array(buffer);
    this.doubles = new Float64Array(buffer);
  }

  /** Takes a slot for an absent id; expiry starts as Infinity (none), links as NO_SLOT. */
  allocate(id: number): number {
    let slot = this.freeHead;
    if (slot !== NO_SLOT) {
      this.freeHead = this.words[slot * SLOT_WORDS + MAIN_NEXT_WORD];
    } else {
      if (this.highWater === this.capacity) this.grow();
      slot = this.highWater++;
    }
    const base = slot * SLOT_WORDS;
    const words = this.words;
    this.doubles[slot * SLOT_F64S] = Infinity;
    words[base + ID_WORD] = id;
    words[base + BYTES_WORD] = 0;
    words[base + MAIN_NEXT_WORD] = NO_SLOT;
    words[base + EXPIRES_NEXT_WORD] = NO_SLOT;
    words[base + RECENCY_WORD] = NO_SLOT;
    words[base + OLDER_WORD] = NO_SLOT;
    this.keys[id * this.keyStride] = slot;
    return slot;
  }

  /**
   * Returns a slot to the free list; its key id becomes absent. The key table keeps pointing at
   * the slot (slotOf sees the record no longer holds the id): an evicted key is a cold key, and
   * clearing its entry would cost a memory read of the table for nothing.
   */
  free(slot: number): void {
    const base = slot * SLOT_WORDS;
    this.words[base + ID_WORD] = NO_SLOT;
    this.words[base + MAIN_NEXT_WORD] = this.freeHead;
    this.freeHead = slot;
  }

  /**
   * Slot of key `id`, NO_SLOT when absent. A table entry is trusted only if its record holds the
   * id: freed slots leave stale entries behind (see free), and a freed or reused record names
   * another id (or none).
   */
  slotOf(id: number): number {
    const slot = this.keys[id * this.keyStride];
    return slot !== NO_SLOT && this.words[slot * SLOT_WORDS + ID_WORD] === id ? slot : NO_SLOT;
  }

  /** Key ids the table has room for. */
  get keyCapacity(): number {
    return this.keys.length / this.keyStride;
  }

  /**
   * Makes room for key ids below `keyCapacity`: the own table at least doubles (amortized), or
   * `shared`, a caller's grown table holding the old words, is adopted and its new ids' slots
   * cleared.
   */
  ensureKeyCapacity(keyCapacity: number, shared?: Int32Array): void {
    const current = this.keyCapacity;
    if (shared !== undefined) {
      if (shared.length !== keyCapacity * this.keyStride) throw new RangeError(`the key table has ${shared.length} words, expected ${keyCapacity * this.keyStride}`);
      this.keys = shared;
    } else {
      if (keyCapacity <= current) return;
      const keys = new Int32Array(Math.max(keyCapacity, current * 2) * this.keyStride);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.clearSlots(current, this.keyCapacity);
    this.maxCapacity = this.keyCapacity;
  }

  private clearSlots(fromId: number, toId: number): void {
    const keys = this.keys;
    const stride = this.keyStride;
    for (let at = fromId * stride; at < toId * stride; at += stride) keys[at] = NO_SLOT;
  }

  private grow(): void {
    const capacity = Math.min(this.maxCapacity, this.capacity * 2);
    const buffer = new ArrayBuffer(capacity * SLOT_WORDS * 4);
    const words = new Int32Array(buffer);
    words.set(this.words);
    this.words = words;
    this.doubles = new Float64Array(buffer);
    this.capacity = capacity;
  }
}
