import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import { createCache } from './factory';
import { BUCKET_BYTES, USED_MEMORY_STARTUP_BYTES, keyEntryBytes } from './memory';
import type { CachePolicy } from './model';
import { Mulberry32 } from './testing-rng';

const KEYS = 20_000;
const CACHED_KEYS = 2_000;
const REQUESTS = 400_000;
/** Holds CACHED_KEYS keys of 16-byte names and 100-byte values in a 2048-bucket table. */
const MAXMEMORY_BYTES = USED_MEMORY_STARTUP_BYTES + CACHED_KEYS * keyEntryBytes(16, 100, false) + 2048 * BUCKET_BYTES;

/** Key ids drawn from a Zipf(alpha) distribution by inverting its cumulative weights. */
function zipfRequests(alpha: number, seed: number): Int32Array {
  const rng = new Mulberry32(seed);
  const cumulative = new Float64Array(KEYS);
  let total = 0;
  for (let rank = 0; rank < KEYS; rank++) cumulative[rank] = total += 1 / (rank + 1) ** alpha;
  const ids = new Int32Array(REQUESTS);
  for (let r = 0; r < REQUESTS; r++) {
    const target = rng.nextFloat() * total;
    let low = 0;
    let high = KEYS - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    ids[r] = low;
  }
  return ids;
}

/** Hit ratio (%) of a read-through cache: GET, and SET on a miss, `msPerRequest` apart. */
function hitRatio(policy: CachePolicy, samples: number, requests: Int32Array, msPerRequest: number): number {
  const cache = createCache(
    { ...defaultCacheConfig(KEYS), policy, maxmemoryBytes: MAXMEMORY_BYTES, maxmemorySamples: samples },
    new Mulberry32(11),
  );
  let nowMs = 0;
  for (const id of requests) {
    nowMs += msPerRequest;
    if (!cache.get(id, nowMs)) cache.set(id, 16, 100, 0, nowMs);
  }
  return (100 * cache.stats.hits) / (cache.stats.hits + cache.stats.misses);
}

describe('approximated LRU', () => {
  const requests = zipfRequests(0.9, 3);

  it('comes closer to exact LRU with 10 samples than with 5, and within a point with 5', () => {
    const exact = hitRatio('exact-lru', 5, requests, 1);
    const fiveSamples = hitRatio('allkeys-lru', 5, requests, 1);
    const tenSamples = hitRatio('allkeys-lru', 10, requests, 1);
    expect(Math.abs(exact - tenSamples)).toBeLessThan(Math.abs(exact - fiveSamples));
    expect(Math.abs(exact - fiveSamples)).toBeLessThan(1);
    expect(Math.abs(exact - tenSamples)).toBeLessThan(0.5);
  });

  it('degrades to random eviction when the cache turns over within one LRU clock second', () => {
    // 64 requests per ms: every cached key was touched within the last second or so, so idle
    // times (1 s resolution) tie and the pool cannot tell keys apart. Real Redis does the same.
    const exact = hitRatio('exact-lru', 5, requests, 1 / 64);
    const sampled = hitRatio('allkeys-lru', 10, requests, 1 / 64);
    const random = hitRatio('allkeys-random', 5, requests, 1 / 64);
    expect(exact - sampled).toBeGreaterThan(3);
    expect(Math.abs(sampled - random)).toBeLessThan(1);
  });

  it('keeps more of a skewed working set with LFU than with LRU', () => {
    expect(hitRatio('allkeys-lfu', 5, requests, 1)).toBeGreaterThan(hitRatio('exact-lru', 5, requests, 1));
  });
});
