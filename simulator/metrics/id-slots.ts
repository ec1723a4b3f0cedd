/**
 * Maps arbitrary key ids (integers in [0, 2^31)) to dense slots 0, 1, 2, … in first-seen order,
 * with open addressing in typed arrays, so per-key state can live in flat arrays even when the
 * ids are sparse (a 10^8-key namespace sampled down to 10^6 keys).
 */
export class IdSlots {
  private ids: Int32Array;
  private slots: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.max(4, Math.ceil(Math.log2(initialCapacity * 2)));
    this.ids = new Int32Array(capacity).fill(-1);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** Ids seen so far (= the next slot number). */
  get size(): number {
    return this.count;
  }

  /** The slot of `id`, assigning the next one if it is new (then the result equals the old `size`). */
  slotOf(id: number): number {
    const ids = this.ids;
    let i = mixId(id) >>> this.shift;
    for (;;) {
      const seen = ids[i];
      if (seen === id) return this.slots[i];
      if (seen === -1) break;
      i = (i + 1) & this.mask;
    }
    const slot = this.count++;
    ids[i] = id;
    this.slots[i] = slot;
    if (this.count * 2 > ids.length) this.grow();
    return slot;
  }

  private grow(): void {
    const oldIds = this.ids;
    const oldSlots = this.slots;
    const capacity = oldIds.length * 2;
    this.ids = new Int32Array(capacity).fill(-1);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift -= 1;
    for (let j = 0; j < oldIds.length; j++) {
      const id = oldIds[j];
      if (id === -1) continue;
      let i = mixId(id) >>> this.shift;
      while (this.ids[i] !== -1) i = (i + 1) & this.mask;
      this.ids[i] = id;
      this.slots[i] = oldSlots[j];
    }
  }
}

/**
 * Chris Wellons' lowbias32: a different mixer from the SHARDS sampling hash (murmur3's), so that
 * keys selected by that hash's low bits do not crowd into one region of this table.
 */
function mixId(id: number): number {
  let h = id | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
