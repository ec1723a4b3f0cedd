import type { KeyStore } from './key-store';
import { NO_SLOT, SLOT_F64S } from './slot-store';

/** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP at effort 1. */
export const ACTIVE_EXPIRE_KEYS_PER_LOOP = 20;
/** ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC at effort 1: share of a cron tick the slow cycle may use. */
export const ACTIVE_EXPIRE_SLOW_TIME_PERCENT = 25;
/** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE at effort 1: repeat while more than this % expired. */
export const ACTIVE_EXPIRE_ACCEPTABLE_STALE_PERCENT = 10;

/**
 * The model's stand-in for CPU time in the cycle (see DEPARTURES): Redis measures wall time;
 * here each visited bucket, sampled key and deleted key costs an estimated number of µs.
 */
export const ESTIMATED_US_PER_BUCKET = 0.02;
export const ESTIMATED_US_PER_SAMPLED_KEY = 0.1;
export const ESTIMATED_US_PER_EXPIRED_KEY = 1;

/** What the cycle needs from a model: its key store, and a way to delete one expired key. */
export interface ActivelyExpiring {
  readonly store: KeyStore;
  /** Deletes the key in `slot`, found expired by the cycle, and counts it (expired_keys). */
  expireKeyActively(slot: number): void;
}

/**
 * Redis 7.0's slow active expire cycle (expire.c activeExpireCycle), run from serverCron: a
 * cursor walks the expires table bucket by bucket, checking up to keys-per-loop keys per loop,
 * and loops again while more than the acceptable share of checked keys had expired, until the
 * time budget of the tick is spent. The fast cycle run from beforeSleep is not modelled.
 */
export class ActiveExpireCycle {
  private cursor = 0;
  private readonly keysPerLoop: number;
  private readonly acceptableStalePercent: number;
  private readonly timeLimitUs: number;
  /** Ticks owed to the cycle: `share` a tick (see CacheConfig.activeExpireShare). */
  private credit = 0;

  constructor(activeExpireEffort: number, hz: number, private readonly share = 1) {
    const effort = activeExpireEffort - 1;
    this.keysPerLoop = ACTIVE_EXPIRE_KEYS_PER_LOOP + (ACTIVE_EXPIRE_KEYS_PER_LOOP / 4) * effort;
    this.acceptableStalePercent = ACTIVE_EXPIRE_ACCEPTABLE_STALE_PERCENT - effort;
    const slowTimePercent = ACTIVE_EXPIRE_SLOW_TIME_PERCENT + 2 * effort;
    this.timeLimitUs = Math.max(1, Math.floor((slowTimePercent * 1_000_000) / hz / 100));
  }

  /** One slow cycle at cron time `nowMs`. */
  run(model: ActivelyExpiring, nowMs: number): void {
    this.credit += this.share;
    if (this.credit < 1) return;
    this.credit -= 1;
    const store = model.store;
    const expires = store.expires;
    let elapsedUs = 0;
    let iteration = 0;
    let expired = 0;
    let sampled = 0;
    do {
      iteration++;
      const keyCount = expires.count;
      if (keyCount === 0) return;
      const slots = expires.tableSize;
      // A table under 1 % full is too costly to walk; wait for cron to shrink it.
      if (slots > 4 && Math.floor((keyCount * 100) / slots) < 1) return;
      expired = 0;
      sampled = 0;
      const toSample = keyCount > this.keysPerLoop ? this.keysPerLoop : keyCount;
      const maxBuckets = toSample * 20;
      let checkedBuckets = 0;
      while (sampled < toSample && checkedBuckets < maxBuckets) {
        let slot = expires.bucketHead(this.cursor);
        checkedBuckets++;
        while (slot !== NO_SLOT) {
          // Read the successor first: this entry may be deleted.
          const next = expires.nextInChain(slot);
          if (nowMs > store.slots.doubles[slot * SLOT_F64S]) {
            model.expireKeyActively(slot);
            expired++;
          }
          sampled++;
          slot = next;
        }
        this.cursor = (this.cursor + 1) >>> 0;
      }
      elapsedUs += checkedBuckets * ESTIMATED_US_PER_BUCKET + sampled * ESTIMATED_US_PER_SAMPLED_KEY
        + expired * ESTIMATED_US_PER_EXPIRED_KEY;
      // Redis looks at the clock once every 16 loops.
      if ((iteration & 0xf) === 0 && elapsedUs > this.timeLimitUs) {
        store.stats.expireTimeCapReached++;
        return;
      }
    } while (sampled === 0 || Math.floor((expired * 100) / sampled) > this.acceptableStalePercent);
  }
}
