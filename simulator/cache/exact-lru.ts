import { ActiveExpireCycle } from './active-expire';
import type { ActivelyExpiring } from './active-expire';
import { KeyStore } from './key-store';
import type { CacheConfig, CacheModel, CacheStats, KeyTable } from './model';
import { MAIN_NEXT_WORD, NO_SLOT, OLDER_WORD, RECENCY_WORD, SLOT_F64S, SLOT_WORDS } from './slot-store';
import { TableSizeTracker } from './table-size';

/**
 * True LRU with Redis's memory and expiry semantics: the reference the sampled policies are
 * measured against, and the fast path when a design asks for ideal LRU. Recency is a doubly
 * linked list through the slot records (most recent at the head); eviction removes the tail
 * until used memory is back under maxmemory. Memory, lazy and active expiry, hits and misses
 * are counted exactly as RedisKeyspace counts them.
 */
export class ExactLruCache implements CacheModel, ActivelyExpiring {
  /** Per-key state, memory and counters shared with the expiry cycle. */
  readonly store: KeyStore;
  readonly stats: CacheStats;
  /** The main dict's table size (its buckets are not needed to find the LRU key). */
  private readonly mainTable = new TableSizeTracker();
  private mostRecent = NO_SLOT;
  private leastRecent = NO_SLOT;
  private readonly activeExpire: ActiveExpireCycle;
  private readonly cronPeriodMs: number;
  private nextCronMs = -Infinity;

  /** @param hashSeed seeds the expires dict's hash, as RedisKeyspace draws it from its generator */
  constructor(config: CacheConfig, hashSeed: number) {
    // No main dict here: MAIN_NEXT_WORD (the free list's link once freed) holds a live key's group.
    this.store = new KeyStore(config, hashSeed, MAIN_NEXT_WORD);
    this.stats = this.store.stats;
    this.activeExpire = new ActiveExpireCycle(config.activeExpireEffort, config.hz, config.activeExpireShare);
    this.cronPeriodMs = 1000 / config.hz;
  }

  get(id: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory()) this.evictLeastRecent();
    const slot = store.slotOf(id);
    if (slot === NO_SLOT) {
      store.countMiss(id);
      return false;
    }
    if (nowMs > store.slots.doubles[slot * SLOT_F64S]) {
      store.countExpired(slot, false);
      this.deleteKey(slot);
      store.countMiss(id);
      return false;
    }
    this.moveToFront(slot);
    store.countHit(id);
    return true;
  }

  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory() && !this.evictLeastRecent()) {
      store.stats.oomRejections++;
      return false;
    }
    const bytes = store.entryBytesFor(keyBytes, valueBytes);
    let slot = store.slotOf(id);
    if (slot !== NO_SLOT && nowMs > store.slots.doubles[slot * SLOT_F64S]) {
      store.countExpired(slot, false);
      this.deleteKey(slot);
      slot = NO_SLOT;
    }
    if (slot !== NO_SLOT) {
      this.moveToFront(slot);
      store.replaceValue(slot, bytes);
      store.removeExpire(slot);
    } else {
      const grownBuckets = this.mainTable.add(store.memoryRoomBytes(bytes - store.dictEntryBytes));
      slot = store.insert(id, bytes);
      if (grownBuckets !== 0) store.addTableBuckets(grownBuckets);
      this.pushFront(slot);
    }
    if (ttlMs > 0) store.setExpire(slot, nowMs + ttlMs);
    return true;
  }

  del(id: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory()) this.evictLeastRecent();
    const slot = store.slotOf(id);
    if (slot === NO_SLOT) return false;
    const expired = nowMs > store.slots.doubles[slot * SLOT_F64S];
    if (expired) store.countExpired(slot, false);
    this.deleteKey(slot);
    return !expired;
  }

  has(id: number, nowMs: number): boolean {
    return this.store.isLive(id, nowMs);
  }

  advance(nowMs: number): void {
    if (this.nextCronMs === -Infinity) this.nextCronMs = nowMs;
    while (this.nextCronMs <= nowMs) {
      this.activeExpire.run(this, this.nextCronMs);
      const shrunkBuckets = this.mainTable.shrinkIfSparse();
      if (shrunkBuckets !== 0) this.store.addTableBuckets(shrunkBuckets);
      this.store.shrinkExpiresIfSparse();
      this.nextCronMs += this.cronPeriodMs;
    }
  }

  setOverheadMemoryBytes(bytes: number): void {
    this.store.setOverheadMemoryBytes(bytes);
  }

  ensureCapacity(keyCapacity: number, keyTable?: KeyTable): void {
    this.store.ensureCapacity(keyCapacity, keyTable);
  }

  prefetch(id: number): void {
    this.store.prefetch(id);
  }

  /** Called by the active expire cycle for each key it finds expired. */
  expireKeyActively(slot: number): void {
    this.store.countExpired(slot, true);
    this.deleteKey(slot);
  }

  /** Evicts least recently used keys until under maxmemory; false if the cache ran empty first. */
  private evictLeastRecent(): boolean {
    const store = this.store;
    while (store.isOverMaxmemory()) {
      const victim = this.leastRecent;
      if (victim === NO_SLOT) return false;
      store.countEvicted(victim);
      this.deleteKey(victim);
    }
    return true;
  }

  private deleteKey(slot: number): void {
    this.unlink(slot);
    this.mainTable.remove();
    this.store.remove(slot);
  }

  private pushFront(slot: number): void {
    const words = this.store.slots.words;
    const head = this.mostRecent;
    words[slot * SLOT_WORDS + RECENCY_WORD] = NO_SLOT;
    words[slot * SLOT_WORDS + OLDER_WORD] = head;
    if (head === NO_SLOT) this.leastRecent = slot;
    else words[head * SLOT_WORDS + RECENCY_WORD] = slot;
    this.mostRecent = slot;
  }

  private unlink(slot: number): void {
    const words = this.store.slots.words;
    const newer = words[slot * SLOT_WORDS + RECENCY_WORD];
    const older = words[slot * SLOT_WORDS + OLDER_WORD];
    if (newer === NO_SLOT) this.mostRecent = older;
    else words[newer * SLOT_WORDS + OLDER_WORD] = older;
    if (older === NO_SLOT) this.leastRecent = newer;
    else words[older * SLOT_WORDS + RECENCY_WORD] = newer;
  }

  private moveToFront(slot: number): void {
    if (this.mostRecent === slot) return;
    this.unlink(slot);
    this.pushFront(slot);
  }
}
