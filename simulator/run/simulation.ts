/**
 * The simulated engine's client: the cache-aside client (cache-aside/client.ts) on the cache
 * model, every reply at once, in virtual time.
 */
import type { CacheModel } from '../cache';
import type { LatencyHistogram } from '../metrics';
import type { Rng } from '../traffic';
import { CacheAsideClient, ModelPort } from './cache-aside';
import type { CachePort } from './cache-aside';
import type { KeyLayout } from './namespace-keys';
import type { KeyRecords } from './key-records';
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
}
