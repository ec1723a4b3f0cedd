/**
 * The cache-aside client's port on the cache model: every command answered at once, at its plan
 * time. The simulated engine runs on it; the live engine's property test puts it behind a fake
 * connection (simulator/node/live/fake-pipe.ts) to check both engines count the same.
 */
import type { CacheModel } from '../../cache';
import type { KeyLayout } from '../namespace-keys';
import type { CachePort } from './port';
import { HIT, MISS, REFUSED, STORED } from './port';

export class ModelPort implements CachePort {
  deletedKeyBytes = 0;

  constructor(readonly cache: CacheModel, private readonly keys: KeyLayout) {}

  get(id: number, atMs: number): number {
    return this.cache.get(id, atMs) ? HIT : MISS;
  }

  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, _version: number, atMs: number): number {
    return this.cache.set(id, keyBytes, valueBytes, ttlMs, atMs) ? STORED : REFUSED;
  }

  del(id: number, atMs: number): void {
    this.cache.del(id, atMs);
  }

  deletePattern(ns: number, atMs: number): number {
    const { cache, keys } = this;
    let count = 0;
    let keyBytes = 0;
    keys.forEachKeyOf(ns, (id) => {
      if (!cache.has(id, atMs)) return;
      count++;
      keyBytes += keys.keyBytes(id);
      cache.del(id, atMs);
    });
    this.deletedKeyBytes = keyBytes;
    return count;
  }

  advance(atMs: number): void {
    this.cache.advance(atMs);
  }
}
