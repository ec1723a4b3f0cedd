/**
 * The simulated engine's client: the cache-aside client (cache-aside/client.ts) on the cache
 * model, every reply at once, in virtual time.
 */
import type { CacheModel } from '../cache';
import type { LatencyHistogram } from '../metrics';
import type { Rng } from '../traffic';
import { CacheAsideClient, LOAD_DONE, ModelPort } from './cache-aside';
import type { CachePort } from './cache-aside';
import type { KeyLayout } from './namespace-keys';
import type { KeyRecords } from './key-records';
import { K_NS_LOADING, KEY_WORDS, ONE_LOAD } from './key-records';
import type { RunPlan } from './plan';

export class Simulation extends CacheAsideClient {
  constructor(
    plan: RunPlan, keys: KeyLayout, records: KeyRecords, readonly cache: CacheModel, rng: Rng,
    latency: LatencyHistogram, windowLatency: LatencyHistogram, port: CachePort = new ModelPort(cache, keys),
  ) {
    super(plan, keys, records, port, rng, latency, windowLatency);
  }

  /** See CacheAsideClient.keysAdded; the cache adopts grown records. */
  override keysAdded(): boolean {
    if (!super.keysAdded()) return false;
    this.cache.ensureCapacity(this.records.capacity, this.records.table);
    return true;
  }

  /**
   * A read whose GET failed (Redis unavailable, failures/): the error comes after `delayMs`; then
   * the request falls through to the origin (its SET fails while Redis is still down) or fails.
   */
  readFailed(nowMs: number, ns: number, id: number, delayMs: number, fallThrough: boolean): void {
    if (fallThrough) this.miss(nowMs, ns, id, nowMs - delayMs);
    else this.record(delayMs);
  }

  /** A warm-up load of key `id` (not a request): from the origin, SET when it completes. */
  warmLoad(nowMs: number, ns: number, id: number): void {
    if (this.perKey[id * KEY_WORDS + K_NS_LOADING] >>> 16 !== 0) return; // a read is loading it already
    this.originQueries[ns]++;
    const endMs = this.origin.query(nowMs, this.originLatency.next());
    this.perKey[id * KEY_WORDS + K_NS_LOADING] += ONE_LOAD;
    this.events.push(endMs, LOAD_DONE, id, this.versions.loadVersion(id));
  }

  /** Key `id` holds the value of `version` again (a promoted replica or a snapshot had that one). */
  restoreVersion(id: number, version: number): void {
    this.versions.stored(id, version);
  }
}
