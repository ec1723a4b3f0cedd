/**
 * What a recorded replay needs from a Redis on top of the cache-aside client's port (GET, SET,
 * DEL): EXPIRE/PERSIST, a DEL that says whether the key was there (FLUSHDB/FLUSHALL run as one per
 * key of the recording), and SET … KEEPTTL (a `ttlMs` of TTL_KEEP). The simulated replay answers
 * at once (RecordedModelPort, the cache model); the live one later (node/replay/recorded-pipe-port.ts).
 */
import type { CacheModel } from '../cache';
import { TTL_KEEP } from '../trace';
import type { CachePort } from './cache-aside';
import { ModelPort, STORED } from './cache-aside';
import type { KeyLayout } from './namespace-keys';

/** An EXPIRE's reply: no such key (STORED and REFUSED as a SET's). */
export const NO_KEY = 3;

/** The version a recorded SET carries (a cache-aside fill carries the client's, ≥ 0). */
export const RECORDED_VERSION = -1;

export interface RecordedPort extends CachePort {
  /** Whether every reply comes later (PENDING): the live replay's port. */
  readonly answersLater: boolean;
  /**
   * EXPIRE (`ttlMs` > 0) or PERSIST (0) of key `id`: when the key is there it is stored again
   * (`valueBytes`, the new TTL): STORED or REFUSED; NO_KEY when it is not; or PENDING.
   */
  expire(id: number, keyBytes: number, valueBytes: number, ttlMs: number, atMs: number): number;
  /** DEL of key `id` for a FLUSH: 1 when it was there, 0 when not, or PENDING. */
  flushKey(id: number, atMs: number): number;
}

/**
 * The cache model as a recorded replay's Redis. It remembers the expiry each recorded SET gave a
 * key (a cache-aside fill's TTL is not remembered), for SET … KEEPTTL.
 */
export class RecordedModelPort extends ModelPort implements RecordedPort {
  readonly answersLater = false;
  /** Expiry time (plan ms) of each key as recorded SETs set it; 0 = none. */
  private readonly expiresAtMs: Float64Array;

  constructor(cache: CacheModel, keys: KeyLayout & { totalKeys: number }) {
    super(cache, keys);
    this.expiresAtMs = new Float64Array(keys.totalKeys);
  }

  override set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    return this.store(id, keyBytes, valueBytes, ttlMs === TTL_KEEP ? this.remainingTtlMs(id, atMs) : ttlMs, version, atMs);
  }

  private store(id: number, keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    const reply = super.set(id, keyBytes, valueBytes, ttlMs, version, atMs);
    if (reply === STORED && version === RECORDED_VERSION) this.expiresAtMs[id] = ttlMs > 0 ? atMs + ttlMs : 0;
    return reply;
  }

  override del(id: number, atMs: number): void {
    super.del(id, atMs);
    this.expiresAtMs[id] = 0;
  }

  expire(id: number, keyBytes: number, valueBytes: number, ttlMs: number, atMs: number): number {
    if (!this.cache.has(id, atMs)) return NO_KEY;
    return this.store(id, keyBytes, valueBytes, ttlMs, RECORDED_VERSION, atMs);
  }

  flushKey(id: number, atMs: number): number {
    if (!this.cache.has(id, atMs)) return 0;
    this.del(id, atMs);
    return 1;
  }

  /** A write that keeps the TTL: what is left of it when the key is live, else none. */
  private remainingTtlMs(id: number, atMs: number): number {
    const at = this.expiresAtMs[id];
    if (at <= 0 || !this.cache.has(id, atMs)) return 0;
    return Math.max(1, at - atMs);
  }
}
