import { BUCKET_BYTES } from './memory';

/**
 * The sizing rules of Redis 7.0's dict hash tables (dict.c, server.c), kept apart from the
 * buckets so that a model without chained buckets (ExactLruCache) can still account for the
 * table memory exactly as Redis allocates it.
 */

/** DICT_HT_INITIAL_SIZE: the first table, and the smallest a shrink goes to. */
export const DICT_HT_INITIAL_SIZE = 4;

/** HASHTABLE_MAX_LOAD_FACTOR: above this fill a table grows even when memory is short. */
export const HASHTABLE_MAX_LOAD_FACTOR = 1.618;

/** HASHTABLE_MIN_FILL: serverCron shrinks a table filled below this percentage. */
export const HASHTABLE_MIN_FILL_PERCENT = 10;

/** The smallest power of two ≥ `slots`, at least DICT_HT_INITIAL_SIZE (_dictNextExp). */
export function nextTableSize(slots: number): number {
  if (slots <= DICT_HT_INITIAL_SIZE) return DICT_HT_INITIAL_SIZE;
  return slots <= 0x4000_0000 ? 2 ** (32 - Math.clz32(slots - 1)) : 2 ** Math.ceil(Math.log2(slots));
}

/**
 * The table size once _dictExpandIfNeeded has run before adding one entry to a dict holding
 * `count` entries. Growth happens when count ≥ size; Redis 7 refuses it while the fill is at
 * most 1.618 and the new table would push used memory past maxmemory (dictExpandAllowed), so
 * a full cache keeps chaining instead of doubling its table.
 *
 * @param memoryRoomBytes maxmemory − used memory at that moment; Infinity without a limit.
 */
export function tableSizeBeforeAdd(count: number, tableSize: number, memoryRoomBytes: number): number {
  if (tableSize === 0) return DICT_HT_INITIAL_SIZE;
  if (count < tableSize) return tableSize;
  const grownSize = nextTableSize(count + 1);
  if (count / tableSize > HASHTABLE_MAX_LOAD_FACTOR || grownSize * BUCKET_BYTES <= memoryRoomBytes) {
    return grownSize;
  }
  return tableSize;
}

/**
 * The table size after serverCron's tryResizeHashTables: a table larger than the initial size
 * and filled below 10 % shrinks to the smallest power of two holding its entries.
 */
export function tableSizeAfterCronResize(count: number, tableSize: number): number {
  // htNeedsResize: used*100/size < HASHTABLE_MIN_FILL in integer arithmetic.
  if (tableSize > DICT_HT_INITIAL_SIZE && Math.floor((count * 100) / tableSize) < HASHTABLE_MIN_FILL_PERCENT) {
    return nextTableSize(count);
  }
  return tableSize;
}

/**
 * A dict's table size without the buckets themselves: for models that index keys another way
 * but must account for the memory Redis's main dict would take.
 */
export class TableSizeTracker {
  /** Entries in the dict. */
  count = 0;
  /** Buckets allocated (a power of two, or 0 before the first insert). */
  tableSize = 0;

  /** Records one added entry; returns the change in buckets caused by growth (0 or more). */
  add(memoryRoomBytes: number): number {
    const before = this.tableSize;
    this.tableSize = tableSizeBeforeAdd(this.count, before, memoryRoomBytes);
    this.count++;
    return this.tableSize - before;
  }

  /** Records one removed entry (Redis 7.0 never shrinks on delete, only in cron). */
  remove(): void {
    this.count--;
  }

  /** serverCron's resize; returns the change in buckets (0 or less). */
  shrinkIfSparse(): number {
    const before = this.tableSize;
    this.tableSize = tableSizeAfterCronResize(this.count, before);
    return this.tableSize - before;
  }
}
