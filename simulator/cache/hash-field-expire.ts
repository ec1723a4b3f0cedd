/**
 * Hash-field expiration (Redis 7.4: HEXPIRE/HPEXPIRE; t_hash.c hashTypeDbActiveExpire, expire.c
 * activeExpireHashFieldCycle): fields of hashes that carry their own TTLs, removed by the active
 * cycle under its field budget; a hash whose last field expires is deleted. Only built for designs
 * with field TTLs on a profile that has hashFieldExpiry, so the keyspace's hot path is untouched.
 *
 * Departures: db->hexpires orders hashes by their next field expiry and expires a hash's due fields
 * in TTL order; here one min-heap over all fields expires them in exact time order (the same order
 * up to a hash's granularity). The cycle's CPU time is estimated per expired field (see below).
 */
import type { ServerProfile } from './profiles';
import { ACTIVE_EXPIRE_SLOW_TIME_PERCENT } from './active-expire';
import { EventQueue } from './event-queue';

/** activeExpireCycle visits the 16 databases (CRON_DBS_PER_CALL) and calls the field cycle at each; it stays on a db whose budget ran out. */
export const FIELD_CYCLE_CALLS_PER_CYCLE = 16;
/**
 * Estimated µs to expire one field (delete it from the hash, HDEL propagation, stats), so the slow
 * cycle's time limit binds: measured on redis 7.4.1 (hz 10) on the 2-core test machine, 200 hashes
 * of 500 fields expired at ≈ 60,000 fields/s, i.e. ≈ 6,000 a 25 ms slow-cycle budget.
 */
export const ESTIMATED_US_PER_EXPIRED_FIELD = 4;

export type HashFieldExpiryProfile = NonNullable<ServerProfile['hashFieldExpiry']>;

export interface FieldExpiryStats {
  /** expired_subkeys: fields removed by the active cycle. */
  fieldsExpired: number;
  /** Hashes deleted because their last field expired. */
  hashesEmptied: number;
  /** Calls of the field cycle that stopped at their budget (maxToExpire). */
  budgetReached: number;
}

export class HashFieldExpiry {
  readonly stats: FieldExpiryStats = { fieldsExpired: 0, hashesEmptied: 0, budgetReached: 0 };
  /** Field expiry times, each naming its setFields token (ties in insertion order). */
  private readonly queue = new EventQueue();
  /**
   * Each setFields gets a token: heap entries name it, so fields of a deleted or rewritten hash
   * are skipped when they surface. Fields alive per token, the hash of a token, a hash's token.
   */
  private readonly alive = new Map<number, number>();
  private readonly hashOf = new Map<number, number>();
  private readonly tokenOf = new Map<number, number>();
  private nextToken = 0;
  private readonly budgetPerCall: number;
  private readonly cycleFieldLimit: number;

  constructor(profile: HashFieldExpiryProfile, hz: number) {
    this.budgetPerCall = Math.max(1, Math.floor(profile.activeExpireFieldsPerSecond / hz));
    const timeLimitUs = (ACTIVE_EXPIRE_SLOW_TIME_PERCENT * 1_000_000) / hz / 100;
    this.cycleFieldLimit = Math.max(1, Math.floor(timeLimitUs / ESTIMATED_US_PER_EXPIRED_FIELD));
  }

  /** Fields waiting for expiry (with entries of deleted hashes not yet skipped). */
  get pending(): number {
    return this.queue.size;
  }

  /** HSET then HPEXPIREAT: hash `id` gets fields expiring at `expireAtMs` (a rewrite replaces them). */
  setFields(id: number, expireAtMs: ArrayLike<number>): void {
    this.deleteHash(id);
    const token = this.nextToken++;
    for (let i = 0; i < expireAtMs.length; i++) this.queue.push(expireAtMs[i], 0, token, 0);
    this.alive.set(token, expireAtMs.length);
    this.hashOf.set(token, id);
    this.tokenOf.set(id, token);
  }

  /** The hash was deleted, evicted or expired as a key: its fields leave the field TTL index. */
  deleteHash(id: number): void {
    // Its heap entries stay and are skipped when they surface (their token is gone).
    const token = this.tokenOf.get(id);
    if (token === undefined) return;
    this.tokenOf.delete(id);
    this.alive.delete(token);
    this.hashOf.delete(token);
  }

  /** Whether hash `id` has fields alive. */
  has(id: number): boolean {
    return this.tokenOf.has(id);
  }

  /**
   * One slow cycle at `nowMs`: up to FIELD_CYCLE_CALLS_PER_CYCLE calls, each expiring at most the
   * budget (activeExpireFieldsPerSecond / hz) of due fields, all within the cycle's time limit.
   * Returns the ids of hashes emptied (the caller deletes those keys). `isLive`: whether the hash's
   * key still exists (a key evicted or expired meanwhile takes its fields with it, uncounted).
   */
  cycle(nowMs: number, isLive: (id: number) => boolean = () => true): number[] {
    const emptied: number[] = [];
    let expiredThisCycle = 0;
    for (let call = 0; call < FIELD_CYCLE_CALLS_PER_CYCLE && expiredThisCycle < this.cycleFieldLimit; call++) {
      let expired = 0;
      while (expired < this.budgetPerCall && expiredThisCycle < this.cycleFieldLimit && this.queue.peekTime() <= nowMs) {
        const token = this.queue.topA();
        this.queue.pop();
        const left = this.alive.get(token);
        if (left === undefined) continue;
        const id = this.hashOf.get(token) as number;
        if (!isLive(id)) {
          this.deleteHash(id);
          continue;
        }
        expired++;
        expiredThisCycle++;
        if (left === 1) {
          this.deleteHash(id);
          this.stats.hashesEmptied++;
          emptied.push(id);
        } else {
          this.alive.set(token, left - 1);
        }
      }
      this.stats.fieldsExpired += expired;
      if (expired < this.budgetPerCall) break;
      this.stats.budgetReached++;
    }
    return emptied;
  }
}
