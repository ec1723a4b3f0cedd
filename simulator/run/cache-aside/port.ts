/**
 * What the cache-aside client needs from a Redis: GET, SET, DEL and a pattern delete. The
 * simulated engine answers at once (the cache model, model-port.ts); the live engine sends the
 * command and answers later, through the client's `…Replied` methods, in the order the client
 * must see them (see simulator/node/live/sequencer.ts).
 */

/** A GET reply: the key was there. */
export const HIT = 1;
/** A GET reply: no such key. */
export const MISS = 0;
/** A SET reply: stored. */
export const STORED = 1;
/** A SET reply: refused with OOM (maxmemory, nothing left to evict). */
export const REFUSED = 0;
/** A SET that failed otherwise (connection lost, other error): neither stored nor an OOM. */
export const FAILED = 2;
/** The reply comes later. */
export const PENDING = -1;

/** RESP framing and command names, roughly, per request and reply (bytes). */
export const REQUEST_OVERHEAD_BYTES = 24;
export const REPLY_OVERHEAD_BYTES = 8;
/** A SET's `PX <ttl>` and the like, on top of REQUEST_OVERHEAD_BYTES (bytes). */
export const SET_EXTRA_BYTES = 16;

export interface CachePort {
  /** GET key `id` at plan time `atMs`: HIT, MISS or PENDING. */
  get(id: number, atMs: number): number;
  /**
   * SET key `id` to a value of `valueBytes` carrying `version`, with a TTL (ms, 0 = none):
   * STORED, REFUSED or PENDING.
   */
  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number;
  /** DEL key `id` (the reply does not matter to the client). */
  del(id: number, atMs: number): void;
  /**
   * Deletes every key of namespace `ns`: the number deleted (and their key bytes in
   * `deletedKeyBytes`), or PENDING.
   */
  deletePattern(ns: number, atMs: number): number;
  /** Key bytes of the keys the last synchronous deletePattern deleted. */
  readonly deletedKeyBytes: number;
  /** Plan time moves to `atMs` before a scheduled event (the model runs its cron). */
  advance(atMs: number): void;
}
