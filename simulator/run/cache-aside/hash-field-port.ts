/**
 * Hash-field expiration in a simulated run (redis-7.4): a port in front of the cache model that,
 * for hash namespaces with field TTLs, gives each SET hash its fields' TTLs (fieldTtl ± the cell's
 * jitter, per field), runs the field-expiry cycle at each serverCron tick, and deletes a hash whose
 * last field expired. Such a hash costs what the profile's memory model gives a hash of `fields`
 * fields of `fieldSize` with TTLs (a listpackex or a hashtable), not a `valueSize` string. Built
 * only when the plan has such a namespace.
 */
import type { CacheModel } from '../../cache';
import { objectValueBytes } from '../../cache';
import { objectMemory } from '../../cache/profiles/object-memory';
import { HashFieldExpiry } from '../../cache/hash-field-expire';
import { profileOf } from '../../cache/profiles';
import type { Rng } from '../../traffic';
import type { KeyLayout } from '../namespace-keys';
import type { RunPlan } from '../plan';
import type { CachePort } from './port';
import { STORED } from './port';

export class HashFieldPort implements CachePort {
  readonly expiry: HashFieldExpiry;
  private readonly periodMs: number;
  private nextCronMs = 0;
  /** Per namespace with field TTLs: the hash's allocation as a cache command's valueBytes (objectValueBytes). */
  private readonly hashValueBytes: Array<number | undefined>;

  constructor(private readonly inner: CachePort, private readonly cache: CacheModel, private readonly keys: KeyLayout,
    private readonly plan: RunPlan, private readonly rng: Rng) {
    const profile = profileOf(plan.server.version).hashFieldExpiry;
    if (!profile) throw new Error(`server.version ${plan.server.version} has no hash-field expiration`);
    this.expiry = new HashFieldExpiry(profile, plan.server.hz);
    this.periodMs = 1000 / plan.server.hz;
    const server = profileOf(plan.server.version);
    this.hashValueBytes = plan.namespaces.map((ns) => ns.fieldTtl && objectValueBytes(objectMemory(server, {
      type: 'hash', elements: ns.fieldTtl.fields, elementBytes: ns.fieldTtl.fieldBytes, fieldTtl: true,
    }).allocBytes));
  }

  get deletedKeyBytes(): number {
    return this.inner.deletedKeyBytes;
  }

  get(id: number, atMs: number): number {
    this.advance(atMs);
    return this.inner.get(id, atMs);
  }

  set(id: number, keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    this.advance(atMs);
    const index = this.keys.namespaceOf(id);
    const reply = this.inner.set(id, keyBytes, this.hashValueBytes[index] ?? valueBytes, ttlMs, version, atMs);
    const ns = this.plan.namespaces[index];
    if (reply === STORED && ns.fieldTtl) {
      const { fields, ttlMs: fieldTtlMs } = ns.fieldTtl;
      const spread = (fieldTtlMs * ns.jitterPct) / 100;
      const times = new Float64Array(fields);
      for (let i = 0; i < fields; i++) times[i] = atMs + Math.max(1, fieldTtlMs - spread + 2 * spread * this.rng.nextFloat());
      this.expiry.setFields(id, times);
    } else if (reply === STORED) {
      this.expiry.deleteHash(id);
    }
    return reply;
  }

  del(id: number, atMs: number): void {
    this.advance(atMs);
    this.expiry.deleteHash(id);
    this.inner.del(id, atMs);
  }

  deletePattern(ns: number, atMs: number): number {
    this.advance(atMs);
    if (this.plan.namespaces[ns].fieldTtl) this.keys.forEachKeyOf(ns, (id) => this.expiry.deleteHash(id));
    return this.inner.deletePattern(ns, atMs);
  }

  /** Runs the field-expiry cycle at every cron tick up to `atMs`; emptied hashes are deleted. */
  advance(atMs: number): void {
    while (this.nextCronMs <= atMs) {
      const tickMs = this.nextCronMs;
      this.nextCronMs += this.periodMs;
      if (this.expiry.pending === 0) continue;
      // A hash the keyspace evicted or expired meanwhile has no fields left to expire.
      for (const id of this.expiry.cycle(tickMs, (key) => this.cache.has(key, tickMs))) this.cache.del(id, tickMs);
    }
    this.inner.advance(atMs);
  }
}
