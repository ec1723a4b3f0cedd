/**
 * The cache model's port while a failure timeline runs: commands in an unavailable window fail
 * (a SET is FAILED, a DEL or pattern delete is lost), and every stored SET is remembered (when, and
 * the version before) so that a crash or a promotion can take the keyspace back to what the disk or
 * the replica holds. Used only when the design has failures: the plain ModelPort stays the hot path.
 */
import type { CachePort } from '../cache-aside';
import { FAILED, STORED } from '../cache-aside';

/** Answers whether Redis refuses commands for key `id` at `atMs` (the failure run's windows). */
export interface Outage {
  blocksKey(atMs: number, id: number): boolean;
}

export class FailurePort implements CachePort {
  /** Per key: when its value was last SET, and the SET before (ms; −1: never). */
  lastSetMs: Float32Array;
  prevSetMs: Float32Array;
  /** Per key: the version of its last SET and of the one before. */
  lastVersion: Int32Array;
  prevVersion: Int32Array;
  /** Invalidations (DEL, pattern deletes) that an outage swallowed. */
  lostDeletes = 0;
  outage: Outage = { blocksKey: () => false };

  constructor(private readonly inner: CachePort, keys: number) {
    this.lastSetMs = new Float32Array(keys).fill(-1);
    this.prevSetMs = new Float32Array(keys).fill(-1);
    this.lastVersion = new Int32Array(keys);
    this.prevVersion = new Int32Array(keys);
  }

  get deletedKeyBytes(): number {
    return this.inner.deletedKeyBytes;
  }

  get(id: number, atMs: number): number {
    return this.inner.get(id, atMs);
  }

  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    if (this.outage.blocksKey(atMs, id)) return FAILED;
    const reply = this.inner.set(id, keyBytes, valueBytes, ttlMs, version, atMs);
    if (reply === STORED) {
      this.prevSetMs[id] = this.lastSetMs[id];
      this.prevVersion[id] = this.lastVersion[id];
      this.lastSetMs[id] = atMs;
      this.lastVersion[id] = version;
    }
    return reply;
  }

  del(id: number, atMs: number): void {
    if (this.outage.blocksKey(atMs, id)) this.lostDeletes++;
    else this.inner.del(id, atMs);
  }

  deletePattern(ns: number, atMs: number): number {
    if (this.outage.blocksKey(atMs, -1)) {
      this.lostDeletes++;
      return 0;
    }
    return this.inner.deletePattern(ns, atMs);
  }

  advance(atMs: number): void {
    this.inner.advance(atMs);
  }
}
