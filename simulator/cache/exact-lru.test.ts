import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { ExactLruCache } from './exact-lru';
import { BUCKET_BYTES, EXPIRE_ENTRY_BYTES, USED_MEMORY_STARTUP_BYTES, keyEntryBytes } from './memory';

const KEY_IDS = 16;
const KEY_BYTES = 12;

/**
 * An obviously correct LRU: a Map in recency order (oldest first), with Redis's memory rules
 * written out plainly (entry bytes, expires entries, tables that double when full unless the new
 * table would not fit while at most 1.618 full).
 */
class NaiveLru {
  readonly entries = new Map<number, { bytes: number; expireAtMs: number }>();
  used = USED_MEMORY_STARTUP_BYTES;
  hits = 0;
  misses = 0;
  evicted = 0;
  expired = 0;
  oom = 0;
  private mainSize = 0;
  private expiresCount = 0;
  private expiresSize = 0;

  constructor(private readonly maxmemoryBytes: number) {}

  get(id: number, nowMs: number): boolean {
    this.evict();
    const entry = this.entries.get(id);
    if (entry === undefined || this.expireIfDue(id, nowMs)) {
      this.misses++;
      return false;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    this.hits++;
    return true;
  }

  set(id: number, valueBytes: number, ttlMs: number, nowMs: number): boolean {
    if (!this.evict()) {
      this.oom++;
      return false;
    }
    const bytes = keyEntryBytes(KEY_BYTES, valueBytes, false);
    const old = this.entries.has(id) && !this.expireIfDue(id, nowMs) ? this.entries.get(id) : undefined;
    if (old !== undefined) {
      this.entries.delete(id);
      this.used += bytes - old.bytes;
      if (old.expireAtMs !== Infinity) this.dropExpire();
    } else {
      this.mainSize = this.grown(this.entries.size, this.mainSize, bytes - 32);
      this.used += bytes;
    }
    this.entries.set(id, { bytes, expireAtMs: Infinity });
    if (ttlMs > 0) {
      this.expiresSize = this.grown(this.expiresCount, this.expiresSize, 0);
      this.expiresCount++;
      this.used += EXPIRE_ENTRY_BYTES;
      this.entries.set(id, { bytes, expireAtMs: nowMs + ttlMs });
    }
    return true;
  }

  del(id: number, nowMs: number): boolean {
    this.evict();
    if (!this.entries.has(id) || this.expireIfDue(id, nowMs)) return false;
    this.remove(id);
    return true;
  }

  private expireIfDue(id: number, nowMs: number): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined || !(nowMs > entry.expireAtMs)) return false;
    this.remove(id);
    this.expired++;
    return true;
  }

  private evict(): boolean {
    while (this.used > this.maxmemoryBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return false;
      this.remove(oldest.value);
      this.evicted++;
    }
    return true;
  }

  private remove(id: number): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    if (entry.expireAtMs !== Infinity) this.dropExpire();
    this.used -= entry.bytes;
    this.entries.delete(id);
  }

  private dropExpire(): void {
    this.expiresCount--;
    this.used -= EXPIRE_ENTRY_BYTES;
  }

  /** The table size before adding to a dict of `count` entries, charging any growth. */
  private grown(count: number, size: number, pendingBytes: number): number {
    let next = size;
    if (size === 0) next = 4;
    else if (count >= size) {
      let doubled = 4;
      while (doubled < count + 1) doubled *= 2;
      const room = this.maxmemoryBytes - this.used - pendingBytes;
      if (count / size > 1.618 || doubled * BUCKET_BYTES <= room) next = doubled;
    }
    this.used += (next - size) * BUCKET_BYTES;
    return next;
  }
}

type Operation = { kind: 'get' | 'set' | 'del'; id: number; dtMs: number; valueBytes: number; ttlMs: number };

const operations = fc.array(
  fc.record({
    kind: fc.constantFrom<Operation['kind']>('get', 'set', 'set', 'del'),
    id: fc.nat(KEY_IDS - 1),
    dtMs: fc.nat(5),
    valueBytes: fc.integer({ min: 1, max: 400 }),
    ttlMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  }),
  { maxLength: 150 },
);

describe('exact-lru', () => {
  it('matches a naive Map-based LRU on hits, misses, evictions, expiries, memory and contents', () => {
    fc.assert(fc.property(operations, fc.integer({ min: 300, max: 4000 }), (ops, roomBytes) => {
      const maxmemoryBytes = USED_MEMORY_STARTUP_BYTES + roomBytes;
      // hz 1 and under a second of virtual time: only lazy expiry, so the reference needs no cron.
      const cache = new ExactLruCache({ ...defaultCacheConfig(KEY_IDS), policy: 'exact-lru', maxmemoryBytes, hz: 1 }, 1);
      const reference = new NaiveLru(maxmemoryBytes);
      let nowMs = 0;
      for (const op of ops) {
        nowMs += op.dtMs;
        if (op.kind === 'get') expect(cache.get(op.id, nowMs)).toBe(reference.get(op.id, nowMs));
        else if (op.kind === 'del') expect(cache.del(op.id, nowMs)).toBe(reference.del(op.id, nowMs));
        else expect(cache.set(op.id, KEY_BYTES, op.valueBytes, op.ttlMs, nowMs)).toBe(reference.set(op.id, op.valueBytes, op.ttlMs, nowMs));
      }
      expect(cache.stats).toMatchObject({
        hits: reference.hits,
        misses: reference.misses,
        evicted: reference.evicted,
        expiredLazy: reference.expired,
        oomRejections: reference.oom,
        keys: reference.entries.size,
        usedMemoryBytes: reference.used,
      });
      for (let id = 0; id < KEY_IDS; id++) expect(cache.has(id, nowMs)).toBe(reference.entries.has(id) && nowMs <= (reference.entries.get(id)?.expireAtMs ?? 0));
    }));
  });

  it('evicts keys in least-recently-used order', () => {
    const entryBytes = keyEntryBytes(KEY_BYTES, 10, false);
    const cache = new ExactLruCache({
      ...defaultCacheConfig(8), policy: 'exact-lru', maxmemoryBytes: USED_MEMORY_STARTUP_BYTES + 3 * entryBytes + 4 * BUCKET_BYTES,
    }, 1);
    for (const id of [0, 1, 2]) cache.set(id, KEY_BYTES, 10, 0, 0);
    cache.get(0, 1);
    cache.set(3, KEY_BYTES, 10, 0, 2);
    cache.get(3, 3);
    expect([0, 1, 2, 3].map((id) => cache.has(id, 3))).toEqual([true, false, true, true]);
  });
});
