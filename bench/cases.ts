/**
 * Benchmark cases. Each returns rows of metrics; `case-runner.ts` adds peak RSS. Workloads follow
 * the definitions: 10 M zipf(1.0) requests over 1 M keys, a cache holding 10 % of the keys.
 */
import { createCache, defaultCacheConfig, hashTableBytes, keyEntryBytes, USED_MEMORY_STARTUP_BYTES } from '../simulator/cache';
import type { CachePolicy } from '../simulator/cache';
import { createKeySampler, Rng } from '../simulator/traffic';
import { caseTraceFile, caseTraceParse, traceReplayCase } from './trace-cases';
import { pubsubBroadcastCase, pubsubPerUserCase } from './pubsub-cases';
import { cancelCase, presetCase } from './engine-cases';
import { caseParseCsv, caseParseMonitor, caseRecordedFiles } from './recorded-cases';
import { caseRecordedReplay } from './recorded-replay-cases';
import { liveReplayCase } from './live-cases';
import { serviceCancelCase } from './service-cases';
import { curveCase } from './curve-cases';
import { varyCase } from './vary-cases';
import { caseSampled, caseVsCachesim } from './cachesim-cases';

export interface BenchRow {
  case: string;
  metrics: Record<string, number | string>;
}

type Case = () => Promise<BenchRow[]>;

export const REQUESTS = 10_000_000;
export const KEYS = 1_000_000;
export const KEY_BYTES = 10; // "key:123456" and similar
export const VALUE_BYTES = 100;

/** The request stream: zipf(1.0) ids over 1 M keys, seed 42. */
export function zipfIds(requests = REQUESTS, keys = KEYS): Int32Array {
  const sampler = createKeySampler({ kind: 'zipf', alpha: 1.0 }, keys, new Rng(42));
  const ids = new Int32Array(requests);
  for (let i = 0; i < requests; i++) ids[i] = sampler.next();
  return ids;
}

/** maxmemory that holds `fraction` of the keys at the bench's key and value sizes. */
export function maxmemoryFor(fraction: number, keys = KEYS): number {
  const held = Math.round(keys * fraction);
  let table = 4;
  while (table < held) table *= 2;
  return USED_MEMORY_STARTUP_BYTES + held * keyEntryBytes(KEY_BYTES, VALUE_BYTES, false) + hashTableBytes(table);
}

/** The cache-aside loop over in-memory ids: GET, and SET on a miss (no TTL), 0.5 ms apart in virtual time. */
export function replayIds(policy: CachePolicy, ids: Int32Array): { seconds: number; hitRatio: number; evicted: number } {
  const cache = createCache({ ...defaultCacheConfig(KEYS), policy, maxmemoryBytes: maxmemoryFor(0.1) }, new Rng(7));
  const start = performance.now();
  let nowMs = 0;
  for (let i = 0; i < ids.length; i++) {
    nowMs += 0.5;
    const id = ids[i];
    if (!cache.get(id, nowMs)) cache.set(id, KEY_BYTES, VALUE_BYTES, 0, nowMs);
  }
  const seconds = (performance.now() - start) / 1000;
  const { hits, misses, evicted } = cache.stats;
  return { seconds, hitRatio: hits / (hits + misses), evicted };
}

function cacheCase(policy: CachePolicy): Case {
  return async () => {
    const genStart = performance.now();
    const ids = zipfIds();
    const genSeconds = (performance.now() - genStart) / 1000;
    const run = replayIds(policy, ids);
    return [{
      case: `cache model, ${policy}: 10 M zipf(1.0) requests, 1 M keys, cache = 10 % of keys (keys generated in memory)`,
      metrics: {
        'simulated requests/s': Math.round(REQUESTS / run.seconds),
        'replay seconds': run.seconds,
        'key generation requests/s': Math.round(REQUESTS / genSeconds),
        'hit ratio': run.hitRatio,
        'evicted keys': run.evicted,
      },
    }];
  };
}

export const CASES: Record<string, Case> = {
  'cache-exact-lru': cacheCase('exact-lru'),
  'cache-allkeys-lru': cacheCase('allkeys-lru'),
  'cache-allkeys-lfu': cacheCase('allkeys-lfu'),
  'trace-file': caseTraceFile,
  'trace-parse': caseTraceParse,
  'trace-replay': traceReplayCase('bench/trace-bench.yaml', 'cache of 10 % of keys, no TTL (as the in-memory cases)'),
  'trace-replay-ttl': traceReplayCase('bench/trace-bench-ttl.yaml', 'every key with a 30 d TTL'),
  'trace-vs-cachesim': caseVsCachesim,
  'trace-sampled': caseSampled,
  'mrc-10m': curveCase(),
  'mrc-10m-1thread': curveCase(1),
  'vary-4-policies': varyCase,
  'engine-ecommerce': presetCase('presets/ecommerce-catalog.yaml'),
  'engine-shootout': presetCase('presets/eviction-shootout.yaml'),
  'cancel-latency': cancelCase,
  'cancel-latency-app': serviceCancelCase,
  'pubsub-broadcast': pubsubBroadcastCase,
  'live-replay': liveReplayCase,
  'recorded-files': caseRecordedFiles,
  'recorded-parse-monitor': caseParseMonitor,
  'recorded-parse-csv': caseParseCsv,
  'recorded-replay': caseRecordedReplay,
  'pubsub-per-user': pubsubPerUserCase,
};
