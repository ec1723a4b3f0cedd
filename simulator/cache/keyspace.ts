import { ActiveExpireCycle } from './active-expire';
import type { ActivelyExpiring } from './active-expire';
import { KeyDict } from './dict';
import { EvictionPool, EVICTION_POOL_SIZE, NO_CANDIDATE } from './eviction-pool';
import { KeyStore, NO_EXPIRY } from './key-store';
import { SlotKeyDicts } from './kvstore';
import { LFU_COUNTER_MAX, LFU_INIT_VAL, lfuDecayedCounter, lfuField, lfuLogIncrement, lfuTimeInMinutes } from './lfu';
import { estimateIdleTimeMs, lruClockAt } from './lru-clock';
import type { CacheConfig, CacheModel, CacheStats, KeyTable } from './model';
import type { RandomSource } from './random';
import { ID_WORD, MAIN_NEXT_WORD, NO_SLOT, OLDER_WORD, RECENCY_WORD, SLOT_F64S, SLOT_WORDS } from './slot-store';

// How a pool policy scores a sampled key (higher evicts first).
const SCORE_IDLE_TIME = 0;
const SCORE_INVERSE_FREQUENCY = 1;
const SCORE_SOONEST_EXPIRY = 2;

/**
 * Redis 7's keyspace (one database) with maxmemory eviction as evict.c does it: the 16-slot
 * pool filled from dictGetSomeKeys samples of the main or expires dict, scored by LRU idle time,
 * inverted LFU counter or expiry; one random key per round for the random policies. Lazy expiry
 * on lookup, active expiry in serverCron. Keys live in dense slot records (see SlotStore); no
 * allocation per command.
 */
export class RedisKeyspace implements CacheModel, ActivelyExpiring {
  /** Per-key state, memory and counters shared with the expiry cycle. */
  readonly store: KeyStore;
  readonly stats: CacheStats;
  /** db->keys: one dict, or (cluster mode of a profile that samples by slot) a dict per slot. */
  private readonly main: KeyDict | SlotKeyDicts;
  private readonly pool = new EvictionPool();
  private readonly sampleSlots: Int32Array;
  private readonly rng: RandomSource;
  private readonly activeExpire: ActiveExpireCycle;
  private readonly cronPeriodMs: number;
  private nextCronMs = -Infinity;
  private readonly evicts: boolean;
  private readonly evictsRandomly: boolean;
  private readonly samplesVolatileOnly: boolean;
  private readonly scoreKind: number;
  private readonly usesLfu: boolean;
  private readonly maxmemorySamples: number;
  private readonly lfuLogFactor: number;
  private readonly lfuDecayTimeMin: number;
  /** See CacheConfig.clockPhaseMs: added to virtual time where Redis reads the LRU clock or the LFU minute. */
  private readonly clockPhaseMs: number;

  constructor(config: CacheConfig, rng: RandomSource) {
    const policy = config.policy;
    if (policy === 'exact-lru') throw new Error('RedisKeyspace: policy "exact-lru" is ExactLruCache; use createCache');
    this.rng = rng;
    const hashSeed = rng.nextU32();
    // OLDER_WORD is ExactLruCache's second list link: unused here, so it holds the key's group.
    this.store = new KeyStore(config, hashSeed, OLDER_WORD);
    this.stats = this.store.stats;
    this.main = config.clusterMode && this.store.profile.clusterEvictionSampling === 'slot'
      ? new SlotKeyDicts(this.store.slots, MAIN_NEXT_WORD, hashSeed, this.store.profile.mainDict.slotDictBytes, config.hashSlotOf)
      : new KeyDict(this.store.slots, MAIN_NEXT_WORD, hashSeed);
    // Slot sampling may gather up to 2 × samples − 1 keys (see SlotKeyDicts.getSomeKeys).
    this.sampleSlots = new Int32Array(Math.max(2 * config.maxmemorySamples, EVICTION_POOL_SIZE));
    this.activeExpire = new ActiveExpireCycle(config.activeExpireEffort, config.hz, config.activeExpireShare);
    this.cronPeriodMs = 1000 / config.hz;
    this.evicts = policy !== 'noeviction';
    this.evictsRandomly = policy === 'allkeys-random' || policy === 'volatile-random';
    this.samplesVolatileOnly = policy.startsWith('volatile-');
    this.usesLfu = policy.endsWith('-lfu');
    this.scoreKind = this.usesLfu ? SCORE_INVERSE_FREQUENCY
      : policy === 'volatile-ttl' ? SCORE_SOONEST_EXPIRY : SCORE_IDLE_TIME;
    this.maxmemorySamples = config.maxmemorySamples;
    this.lfuLogFactor = config.lfuLogFactor;
    this.lfuDecayTimeMin = config.lfuDecayTimeMin;
    this.clockPhaseMs = config.clockPhaseMs ?? 0;
  }

  get(id: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory()) this.performEvictions(nowMs);
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
    this.touch(slot, nowMs);
    store.countHit(id);
    return true;
  }

  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory() && !this.performEvictions(nowMs)) {
      store.stats.oomRejections++;
      return false;
    }
    const bytes = store.entryBytesFor(keyBytes, valueBytes);
    let slot = store.slotOf(id);
    if (slot !== NO_SLOT && nowMs > store.slots.doubles[slot * SLOT_F64S]) {
      // lookupKeyWrite reclaims the expired key; SET then creates a new one.
      store.countExpired(slot, false);
      this.deleteKey(slot);
      slot = NO_SLOT;
    }
    if (slot !== NO_SLOT) {
      // lookupKeyWrite touches the old object; dbOverwrite keeps its lru field for the new value.
      this.touch(slot, nowMs);
      store.replaceValue(slot, bytes);
      // SET without KEEPTTL drops the TTL; with PX it is set again below (a fresh expires entry).
      store.removeExpire(slot);
    } else {
      // The key sds and value object exist before dictAdd decides whether the table may grow.
      const memoryRoomBytes = store.memoryRoomBytes(bytes - store.dictEntryBytes);
      slot = store.insert(id, bytes);
      const main = this.main;
      const dictBytesBefore = main.memoryBytes;
      main.add(slot, memoryRoomBytes);
      if (main.memoryBytes !== dictBytesBefore) store.addDictBytes(main.memoryBytes - dictBytesBefore);
      store.slots.words[slot * SLOT_WORDS + RECENCY_WORD] = this.usesLfu
        ? lfuField(lfuTimeInMinutes(nowMs + this.clockPhaseMs), LFU_INIT_VAL)
        : lruClockAt(nowMs + this.clockPhaseMs);
    }
    if (ttlMs > 0) store.setExpire(slot, nowMs + ttlMs);
    return true;
  }

  del(id: number, nowMs: number): boolean {
    if (nowMs >= this.nextCronMs) this.advance(nowMs);
    const store = this.store;
    if (store.isOverMaxmemory()) this.performEvictions(nowMs);
    const slot = store.slotOf(id);
    if (slot === NO_SLOT) return false;
    // expireIfNeeded runs first: an expired key is reclaimed and DEL reports it absent.
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
      this.cronTick(this.nextCronMs);
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

  /** OBJECT FREQ: the decayed LFU counter of a key (meaningful under an LFU policy), or -1 if absent. */
  objectFreq(id: number, nowMs: number): number {
    if (!this.store.isLive(id, nowMs)) return -1;
    const field = this.store.slots.words[this.store.slotOf(id) * SLOT_WORDS + RECENCY_WORD];
    return lfuDecayedCounter(field, lfuTimeInMinutes(nowMs + this.clockPhaseMs), this.lfuDecayTimeMin);
  }

  /** OBJECT IDLETIME in ms (meaningful under non-LFU policies), or -1 if absent. */
  objectIdleTimeMs(id: number, nowMs: number): number {
    if (!this.store.isLive(id, nowMs)) return -1;
    const field = this.store.slots.words[this.store.slotOf(id) * SLOT_WORDS + RECENCY_WORD];
    return estimateIdleTimeMs(field, lruClockAt(nowMs + this.clockPhaseMs));
  }

  /** Called by the active expire cycle for each key it finds expired. */
  expireKeyActively(slot: number): void {
    this.store.countExpired(slot, true);
    this.deleteKey(slot);
  }

  /** An access: refresh the LRU clock, or decay then log-increment the LFU counter. */
  private touch(slot: number, nowMs: number): void {
    const words = this.store.slots.words;
    const at = slot * SLOT_WORDS + RECENCY_WORD;
    if (this.usesLfu) {
      const minutes = lfuTimeInMinutes(nowMs + this.clockPhaseMs);
      const counter = lfuDecayedCounter(words[at], minutes, this.lfuDecayTimeMin);
      const incremented = counter === LFU_COUNTER_MAX
        ? counter
        : lfuLogIncrement(counter, this.rng.nextFloat(), this.lfuLogFactor);
      words[at] = lfuField(minutes, incremented);
    } else {
      words[at] = lruClockAt(nowMs + this.clockPhaseMs);
    }
  }

  private deleteKey(slot: number): void {
    const main = this.main;
    const dictBytesBefore = main.memoryBytes;
    main.remove(slot);
    // A slot dict freed with its last key (7.0's dict never shrinks on delete).
    if (main.memoryBytes !== dictBytesBefore) this.store.addDictBytes(main.memoryBytes - dictBytesBefore);
    this.store.remove(slot);
  }

  /** performEvictions: evict until used memory ≤ maxmemory; false if that proved impossible. */
  private performEvictions(nowMs: number): boolean {
    if (!this.evicts) return false;
    const store = this.store;
    while (store.isOverMaxmemory()) {
      const victim = this.evictsRandomly ? this.randomVictim() : this.poolVictim(nowMs);
      if (victim === NO_SLOT) return false;
      store.countEvicted(victim);
      this.deleteKey(victim);
    }
    return true;
  }

  private randomVictim(): number {
    return (this.samplesVolatileOnly ? this.store.expires : this.main).randomKey(this.rng);
  }

  /**
   * One eviction of a pool policy: refill the pool, then take the best candidate that still
   * exists. A candidate's score is not recomputed, even if the key was touched since it was
   * sampled (Redis does not either); a deleted candidate is a ghost and is skipped.
   * @returns the victim's slot, or NO_SLOT when there is nothing to sample
   */
  private poolVictim(nowMs: number): number {
    const store = this.store;
    const dict = this.samplesVolatileOnly ? store.expires : this.main;
    const ids = this.pool.ids;
    const slotHints = this.pool.slotHints;
    for (;;) {
      if (dict.count === 0) return NO_SLOT;
      this.populatePool(dict, nowMs);
      for (let k = EVICTION_POOL_SIZE - 1; k >= 0; k--) {
        const id = ids[k];
        if (id === NO_CANDIDATE) continue;
        this.pool.clear(k);
        // The record sampled is usually still the key's (and in cache); look the id up otherwise.
        const hint = slotHints[k];
        const slot = store.idOf(hint) === id ? hint : store.slotOf(id);
        // dictFind in the dict the policy samples: volatile candidates must still have a TTL.
        if (slot !== NO_SLOT && (!this.samplesVolatileOnly || store.expireAtMs(slot) !== NO_EXPIRY)) return slot;
      }
    }
  }

  /** evictionPoolPopulate: score maxmemory-samples keys from `dict` into the pool. */
  private populatePool(dict: KeyDict | SlotKeyDicts, nowMs: number): void {
    const sampleSlots = this.sampleSlots;
    const count = dict.getSomeKeys(this.maxmemorySamples, sampleSlots, this.rng);
    const words = this.store.slots.words;
    const doubles = this.store.slots.doubles;
    const scoreKind = this.scoreKind;
    const clock = lruClockAt(nowMs + this.clockPhaseMs);
    const minutes = lfuTimeInMinutes(nowMs + this.clockPhaseMs);
    for (let j = 0; j < count; j++) {
      const slot = sampleSlots[j];
      const base = slot * SLOT_WORDS;
      let score: number;
      if (scoreKind === SCORE_IDLE_TIME) {
        score = estimateIdleTimeMs(words[base + RECENCY_WORD], clock);
      } else if (scoreKind === SCORE_INVERSE_FREQUENCY) {
        score = LFU_COUNTER_MAX - lfuDecayedCounter(words[base + RECENCY_WORD], minutes, this.lfuDecayTimeMin);
      } else {
        // Sooner expiry scores higher (Redis: ULLONG_MAX − expire time).
        score = -doubles[slot * SLOT_F64S];
      }
      this.pool.insert(words[base + ID_WORD], slot, score);
    }
  }

  /** serverCron's keyspace work: the slow active expire cycle, then table shrinking. */
  private cronTick(tickMs: number): void {
    this.activeExpire.run(this, tickMs);
    const main = this.main;
    const dictBytesBefore = main.memoryBytes;
    main.shrinkIfSparse();
    if (main.memoryBytes !== dictBytesBefore) this.store.addDictBytes(main.memoryBytes - dictBytesBefore);
    this.store.shrinkExpiresIfSparse();
  }
}
