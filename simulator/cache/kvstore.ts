import { hashKeyId, KeyDict } from './dict';
import { hashTableBytes } from './memory';
import type { RandomSource } from './random';
import { ID_WORD, SLOT_WORDS } from './slot-store';
import type { SlotStore } from './slot-store';

/** Hash slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;
/** CRON_DICTS_PER_DB: slot dicts serverCron tries to shrink per tick (kvstoreTryResizeDicts). */
export const CRON_DICTS_PER_TICK = 16;
// Seed of the key id → hash slot map: fixed, as CRC16 is (see DEPARTURES).
const SLOT_HASH_SEED = 0x5107;

/**
 * The hash slot of key `id` when the caller does not give one (CacheConfig.hashSlotOf): a fixed
 * uniform hash standing in for CRC16(key) mod 16384.
 */
export function clusterSlotOf(id: number): number {
  return hashKeyId(id, SLOT_HASH_SEED) & (CLUSTER_SLOTS - 1);
}

/**
 * kvstore.c's Fenwick tree of dict sizes (dict_size_index) and its fair random pick: a target key
 * number uniform over all keys, then the dict holding it, so a dict is chosen with probability
 * proportional to its size (kvstoreGetFairRandomDictIndex).
 */
export class DictSizeIndex {
  /** Keys over all dicts. */
  total = 0;
  /** Dicts holding at least one key. */
  nonEmpty = 0;
  private readonly tree: Float64Array;
  private readonly sizes: Int32Array;
  private readonly bits: number;

  /** @param dictCount a power of two */
  constructor(dictCount: number) {
    this.bits = Math.log2(dictCount);
    this.tree = new Float64Array(dictCount + 1);
    this.sizes = new Int32Array(dictCount);
  }

  /** Size of dict `index`. */
  sizeOf(index: number): number {
    return this.sizes[index];
  }

  /** cumulativeKeyCountUpdate: dict `index` gained (or lost, negative) `delta` keys. */
  update(index: number, delta: number): void {
    const before = this.sizes[index];
    this.sizes[index] = before + delta;
    if (before === 0 && delta > 0) this.nonEmpty++;
    else if (before + delta === 0 && before > 0) this.nonEmpty--;
    this.total += delta;
    const tree = this.tree;
    for (let at = index + 1; at < tree.length; at += at & -at) tree[at] += delta;
  }

  /** kvstoreFindDictIndexByKeyIndex: the dict holding key number `target` (1 … total). */
  findByKeyIndex(target: number): number {
    if (this.total === 0) return 0;
    const tree = this.tree;
    let result = 0;
    for (let step = 1 << this.bits; step !== 0; step >>= 1) {
      const current = result + step;
      if (current < tree.length && target > tree[current]) {
        target -= tree[current];
        result = current;
      }
    }
    return result;
  }

  /** kvstoreGetFairRandomDictIndex (randomULong() % size + 1). */
  fairRandomIndex(rng: RandomSource): number {
    return this.total === 0 ? 0 : this.findByKeyIndex((rng.nextU32() % this.total) + 1);
  }
}

/**
 * Redis 7.4's kvstore in cluster mode: one KeyDict per hash slot over the same records (each
 * record in the dict of its key's slot), their sizes in a DictSizeIndex. A slot's dict (struct
 * and table) exists while the slot holds keys; memoryBytes counts them.
 */
export class SlotKeyDicts {
  readonly dicts: KeyDict[] = [];
  readonly sizes = new DictSizeIndex(CLUSTER_SLOTS);
  /** Buckets over all slot tables. */
  tableSize = 0;
  /** The slot dicts' structs and tables as allocated. */
  memoryBytes = 0;
  private readonly slots: SlotStore;
  private readonly slotDictBytes: number;
  private readonly hashSlotOf: (id: number) => number;
  private resizeCursor = 0;

  /**
   * @param slotDictBytes one slot's dict struct as allocated (profile mainDict.slotDictBytes)
   * @param hashSlotOf the hash slot of a key id
   */
  constructor(slots: SlotStore, nextWord: number, seed: number, slotDictBytes: number, hashSlotOf: (id: number) => number = clusterSlotOf) {
    this.slots = slots;
    this.slotDictBytes = slotDictBytes;
    this.hashSlotOf = hashSlotOf;
    for (let slot = 0; slot < CLUSTER_SLOTS; slot++) this.dicts.push(new KeyDict(slots, nextWord, seed));
  }

  /** Keys held. */
  get count(): number {
    return this.sizes.total;
  }

  private dictOf(record: number): number {
    return this.hashSlotOf(this.slots.words[record * SLOT_WORDS + ID_WORD]);
  }

  add(record: number, memoryRoomBytes: number): void {
    const index = this.dictOf(record);
    const dict = this.dicts[index];
    const before = dict.tableSize;
    if (dict.count === 0) this.memoryBytes += this.slotDictBytes;
    dict.add(record, memoryRoomBytes);
    this.resized(before, dict.tableSize);
    this.sizes.update(index, 1);
  }

  remove(record: number): void {
    const index = this.dictOf(record);
    const dict = this.dicts[index];
    dict.remove(record);
    this.sizes.update(index, -1);
    if (dict.count === 0) {
      // KVSTORE_FREE_EMPTY_DICTS: the slot's last key takes its dict and table with it.
      this.memoryBytes -= this.slotDictBytes;
      const before = dict.tableSize;
      dict.release();
      this.resized(before, 0);
    }
  }

  /** kvstoreTryResizeDicts: the next CRON_DICTS_PER_TICK slot dicts (a cursor over all) shrink if sparse. */
  shrinkIfSparse(): void {
    for (let n = 0; n < CRON_DICTS_PER_TICK; n++) {
      const dict = this.dicts[this.resizeCursor];
      this.resizeCursor = (this.resizeCursor + 1) & (CLUSTER_SLOTS - 1);
      const before = dict.tableSize;
      dict.shrinkIfSparse();
      this.resized(before, dict.tableSize);
    }
  }

  private resized(before: number, after: number): void {
    this.tableSize += after - before;
    this.memoryBytes += hashTableBytes(after - before);
  }
  /** kvstoreDictGetRandomKey of a fair random slot (the random policies). */
  randomKey(rng: RandomSource): number {
    return this.dicts[this.sizes.fairRandomIndex(rng)].randomKey(rng);
  }

  /**
   * performEvictions' sampling of one database in cluster mode: evictionPoolPopulate draws a fair
   * random slot and dictGetSomeKeys `count` keys from its dict, repeated (at most once per
   * non-empty slot) until `count` keys are sampled, or once only when the database holds fewer
   * than 10 × `count` keys. `out` needs room for 2 × count.
   */
  getSomeKeys(count: number, out: Int32Array, rng: RandomSource): number {
    const total = this.sizes.total;
    if (total === 0) return 0;
    let sampled = 0;
    for (let left = this.sizes.nonEmpty; left > 0; left--) {
      const dict = this.dicts[this.sizes.fairRandomIndex(rng)];
      sampled += dict.getSomeKeys(count, out, rng, sampled);
      if (sampled >= count || total < count * 10) break;
    }
    return sampled;
  }
}
