import { KeyDict } from './dict';
import { hashTableBytes, keyEntryBytes } from './memory';
import { REDIS_7_0 } from './profiles/redis-7.0';
import type { ServerProfile } from './profiles/profile-schema';
import { createCacheStats } from './model';
import type { CacheConfig, CacheStats, GroupCounters, KeyTable } from './model';
import { BYTES_WORD, EXPIRES_NEXT_WORD, ID_WORD, NO_SLOT, SLOT_F64S, SLOT_WORDS, SlotStore } from './slot-store';

/** The expiry of a key without a TTL: `now > Infinity` is never true, so one compare suffices. */
export const NO_EXPIRY = Infinity;

/**
 * Key state every model shares: the slot records, the expires dict, used-memory accounting and
 * the INFO counters. Models own the main index and recency, and call in here for the rest.
 * Methods take the slot of a present key unless they say otherwise.
 */
export class KeyStore {
  /** Records of the live keys (present, possibly logically expired until reclaimed). */
  readonly slots: SlotStore;
  /**
   * The key table (slots.keys): per key id, `keyStride` words, the first the slot (see
   * SlotStore.slotOf) and, with groups, word `groupWord` the group in its low 16 bits.
   */
  keys: Int32Array;
  readonly keyStride: number;
  readonly groupWord: number;
  /** Whether the key table is the caller's (a KeyTable), which the caller grows. */
  private readonly sharedTable: boolean;
  /** db->expires: the keys with a TTL, walked by active expiry and sampled by volatile-*. */
  readonly expires: KeyDict;
  readonly stats: CacheStats;
  /** maxmemory, 0 for no limit. */
  readonly maxmemoryBytes: number;
  /** A main-dict entry as allocated (cluster mode adds slot metadata). */
  readonly dictEntryBytes: number;
  private readonly groupCounters: GroupCounters | null;
  /** The record word holding a live key's group (copied from the key table on insert). */
  private readonly recordGroupWord: number;
  private overheadBytes = 0;
  private prefetched = 0;
  private readonly clusterMode: boolean;
  /** The server profile sizing keys and entries. */
  readonly profile: ServerProfile;
  /** An expires-dict entry as allocated under the profile. */
  private readonly expireEntryBytes: number;
  // The last size computed: engines write each namespace with the same sizes over and over.
  private lastKeyBytes = -1;
  private lastValueBytes = -1;
  private lastEntryBytes = 0;

  /**
   * @param recordGroupWord a record word the model leaves unused while a key is live: the store
   *   keeps the key's group there, so that counting an eviction or expiry never reads the key
   *   table entry of a cold key
   */
  constructor(config: CacheConfig, hashSeed: number, recordGroupWord: number) {
    this.recordGroupWord = recordGroupWord;
    const table = config.keyTable;
    const ownGroups = table === undefined && config.groups !== undefined;
    // Without a shared table, groups get a word next to the slot (they are read together).
    this.slots = new SlotStore(config.keyCapacity, table, ownGroups ? 2 : 1);
    this.keys = this.slots.keys;
    this.keyStride = this.slots.keyStride;
    this.sharedTable = table !== undefined;
    this.groupWord = table !== undefined ? table.groupWord : ownGroups ? 1 : -1;
    // Both dicts hash keys with the same seeded function, as Redis's dictSdsHash does.
    this.expires = new KeyDict(this.slots, EXPIRES_NEXT_WORD, hashSeed);
    this.maxmemoryBytes = config.maxmemoryBytes;
    this.clusterMode = config.clusterMode;
    this.profile = config.profile ?? REDIS_7_0;
    this.expireEntryBytes = this.profile.mainDict.expireEntryBytes;
    this.dictEntryBytes = config.clusterMode ? this.profile.mainDict.clusterEntryBytes : this.profile.mainDict.entryBytes;
    const groupCount = this.groupWord >= 0 ? config.groupCount ?? null : null;
    this.stats = createCacheStats(groupCount, config.baseMemoryBytes ?? this.profile.usedMemoryStartupBytes);
    this.groupCounters = this.stats.groups;
    if (ownGroups && config.groups !== undefined) {
      const groups = config.groups;
      for (let id = 0; id < groups.length; id++) this.keys[id * 2 + 1] = groups[id];
    }
  }

  /** See CacheModel.ensureCapacity. */
  ensureCapacity(keyCapacity: number, keyTable?: KeyTable): void {
    if (this.sharedTable) {
      if (keyTable === undefined) {
        if (keyCapacity <= this.slots.keyCapacity) return;
        throw new RangeError('a cache built on a keyTable grows with the caller\'s grown table');
      }
      if (keyTable.stride !== this.keyStride || keyTable.groupWord !== this.groupWord) {
        throw new RangeError('ensureCapacity: the key table changed its layout');
      }
      this.slots.ensureKeyCapacity(keyCapacity, keyTable.words);
    } else {
      if (keyCapacity > this.slots.keyCapacity && this.groupWord >= 0) {
        throw new RangeError('a cache built with `groups` cannot grow: give it a keyTable with a group word');
      }
      this.slots.ensureKeyCapacity(keyCapacity);
    }
    this.keys = this.slots.keys;
  }

  /** Slot of key `id`, NO_SLOT when absent (see SlotStore.slotOf). */
  slotOf(id: number): number {
    const slot = this.keys[id * this.keyStride];
    return slot !== NO_SLOT && this.slots.words[slot * SLOT_WORDS + ID_WORD] === id ? slot : NO_SLOT;
  }

  /** Reads key `id`'s record (see CacheModel.prefetch); the value read is kept only so the read stays. */
  prefetch(id: number): void {
    const slot = this.keys[id * this.keyStride];
    if (slot !== NO_SLOT) this.prefetched ^= this.slots.words[slot * SLOT_WORDS + ID_WORD];
  }

  /** The group key `id` is counted under (call only with groups). */
  groupOf(id: number): number {
    return this.keys[id * this.keyStride + this.groupWord] & 0xffff;
  }

  /** The group of a present key, from its record (call only with groups). */
  groupOfSlot(slot: number): number {
    return this.slots.words[slot * SLOT_WORDS + this.recordGroupWord];
  }

  /** keyEntryBytes for this keyspace's mode. */
  entryBytesFor(keyBytes: number, valueBytes: number): number {
    if (keyBytes !== this.lastKeyBytes || valueBytes !== this.lastValueBytes) {
      this.lastKeyBytes = keyBytes;
      this.lastValueBytes = valueBytes;
      this.lastEntryBytes = keyEntryBytes(keyBytes, valueBytes, this.clusterMode, this.profile);
    }
    return this.lastEntryBytes;
  }

  /** Whether used memory exceeds maxmemory (never without a limit). */
  isOverMaxmemory(): boolean {
    return this.maxmemoryBytes > 0 && this.stats.usedMemoryBytes > this.maxmemoryBytes;
  }

  /** maxmemory − used memory once `pendingBytes` more are allocated; Infinity without a limit. */
  memoryRoomBytes(pendingBytes: number): number {
    return this.maxmemoryBytes > 0 ? this.maxmemoryBytes - this.stats.usedMemoryBytes - pendingBytes : Infinity;
  }

  /** Memory outside the keyspace that counts toward maxmemory. */
  setOverheadMemoryBytes(bytes: number): void {
    this.stats.usedMemoryBytes += bytes - this.overheadBytes;
    this.overheadBytes = bytes;
  }

  /** Accounts for a main-dict table that grew or shrank by `deltaBuckets`. */
  addTableBuckets(deltaBuckets: number): void {
    this.stats.usedMemoryBytes += hashTableBytes(deltaBuckets);
  }

  /** Accounts for main-dict memory (tables, per-slot dicts) that grew or shrank by `bytes`. */
  addDictBytes(bytes: number): void {
    this.stats.usedMemoryBytes += bytes;
  }

  /** Whether key `id` exists and has not expired at `nowMs` (Redis: now > when is expired). */
  isLive(id: number, nowMs: number): boolean {
    const slot = this.slotOf(id);
    return slot !== NO_SLOT && !(nowMs > this.slots.doubles[slot * SLOT_F64S]);
  }

  /** The expiry time of a slot's key, NO_EXPIRY without a TTL. */
  expireAtMs(slot: number): number {
    return this.slots.doubles[slot * SLOT_F64S];
  }

  /** The key id of a slot. */
  idOf(slot: number): number {
    return this.slots.words[slot * SLOT_WORDS + ID_WORD];
  }

  /** Records a new key of `bytes` (see keyEntryBytes); returns its slot for the model to index. */
  insert(id: number, bytes: number): number {
    const slot = this.slots.allocate(id);
    this.slots.words[slot * SLOT_WORDS + BYTES_WORD] = bytes;
    this.stats.keys++;
    this.stats.usedMemoryBytes += bytes;
    const groups = this.groupCounters;
    if (groups !== null) {
      const group = this.groupOf(id);
      this.slots.words[slot * SLOT_WORDS + this.recordGroupWord] = group;
      groups.keys[group]++;
      groups.memoryBytes[group] += bytes;
    }
    return slot;
  }

  /** An overwrite: the dictEntry and key sds stay, the value object is replaced. */
  replaceValue(slot: number, bytes: number): void {
    const words = this.slots.words;
    const delta = bytes - words[slot * SLOT_WORDS + BYTES_WORD];
    words[slot * SLOT_WORDS + BYTES_WORD] = bytes;
    this.stats.usedMemoryBytes += delta;
    const groups = this.groupCounters;
    if (groups !== null) groups.memoryBytes[this.groupOfSlot(slot)] += delta;
  }

  /** setExpire: adds the key to the expires dict (growing it if memory allows) or updates it. */
  setExpire(slot: number, expireAtMs: number): void {
    const doubles = this.slots.doubles;
    if (doubles[slot * SLOT_F64S] === NO_EXPIRY) {
      const expires = this.expires;
      const before = expires.tableSize;
      expires.add(slot, this.memoryRoomBytes(0));
      this.stats.usedMemoryBytes += hashTableBytes(expires.tableSize - before) + this.expireEntryBytes;
      this.stats.volatileKeys++;
      const groups = this.groupCounters;
      if (groups !== null) groups.memoryBytes[this.groupOfSlot(slot)] += this.expireEntryBytes;
    }
    doubles[slot * SLOT_F64S] = expireAtMs;
  }

  /** removeExpire: drops the key's TTL if it has one. */
  removeExpire(slot: number): void {
    const doubles = this.slots.doubles;
    if (doubles[slot * SLOT_F64S] === NO_EXPIRY) return;
    this.expires.remove(slot);
    doubles[slot * SLOT_F64S] = NO_EXPIRY;
    this.stats.volatileKeys--;
    this.stats.usedMemoryBytes -= this.expireEntryBytes;
    const groups = this.groupCounters;
    if (groups !== null) groups.memoryBytes[this.groupOfSlot(slot)] -= this.expireEntryBytes;
  }

  /** Forgets a key (its TTL too) and frees its slot; the model has unindexed it already. */
  remove(slot: number): void {
    this.removeExpire(slot);
    const words = this.slots.words;
    const bytes = words[slot * SLOT_WORDS + BYTES_WORD];
    const groups = this.groupCounters;
    if (groups !== null) {
      const group = this.groupOfSlot(slot);
      groups.keys[group]--;
      groups.memoryBytes[group] -= bytes;
    }
    this.slots.free(slot);
    this.stats.keys--;
    this.stats.usedMemoryBytes -= bytes;
  }

  /** serverCron's resize of the expires dict. */
  shrinkExpiresIfSparse(): void {
    const before = this.expires.tableSize;
    this.expires.shrinkIfSparse();
    this.stats.usedMemoryBytes += hashTableBytes(this.expires.tableSize - before);
  }

  /** keyspace_hits, for key `id`'s group too. */
  countHit(id: number): void {
    this.stats.hits++;
    const groups = this.groupCounters;
    if (groups !== null) groups.hits[this.groupOf(id)]++;
  }

  /** keyspace_misses, for key `id`'s group too. */
  countMiss(id: number): void {
    this.stats.misses++;
    const groups = this.groupCounters;
    if (groups !== null) groups.misses[this.groupOf(id)]++;
  }

  /** An expiry found by a lookup (lazy) or by the active cycle, of the key at `slot` (call before removing it). */
  countExpired(slot: number, active: boolean): void {
    if (active) this.stats.expiredActive++;
    else this.stats.expiredLazy++;
    const groups = this.groupCounters;
    if (groups !== null) groups.expired[this.groupOfSlot(slot)]++;
  }

  /** evicted_keys, for the group of the key at `slot` too (call before removing it). */
  countEvicted(slot: number): void {
    this.stats.evicted++;
    const groups = this.groupCounters;
    if (groups !== null) groups.evicted[this.groupOfSlot(slot)]++;
  }
}
