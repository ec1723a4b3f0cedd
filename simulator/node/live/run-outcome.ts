/**
 * What a live run reports about itself before and without traffic: its details as the options
 * set them, the departures every live result names, and the result of a run that could not start.
 */
import type { RunPlan } from '../../run';
import { liveRunDetailsSchema, RUN_RESULT_VERSION } from '../../run';
import { LatencyHistogram } from '../../metrics';
import type { RedisErrorCode, RedisTargetError } from '../redis';
import { redactUrl } from '../redis';
import type { LiveEngineOptions } from './live-engine';
import { latencyMetrics } from './live-result';
import { LIVE_COMMANDS } from './live-types';
import type { LiveRunResult, SessionDetails } from './live-types';

export type { SessionDetails } from './live-types';

export const LIVE_DEPARTURES = [
  'The origin (the database behind the cache) is simulated: its latency, concurrency and capacity follow the plan, in the plan\'s time.',
  'INFO does not split lazy and active expiry: cache.expiredActive holds every expiry and cache.expiredLazy is 0.',
  'Per-namespace memory and keys are not measured live (INFO has no per-prefix counters); per-namespace hits, misses and stale reads are the client\'s own counts, per-namespace evictions and expiries come from keyspace notifications (__keyevent@<db>__:evicted and :expired).',
  'Stale reads are counted by the client, which knows the version of every value it stored (as in the simulator).',
  'used_memory includes the run\'s own connections (client structs, query and reply buffers of the pipeline, and the keyspace notifications waiting in the event subscriber\'s output buffer), which the simulator counts at fixed sizes (cache.nonKeyMemory), not as they grow and shrink with the traffic.',
];

export function details(options: LiveEngineOptions): SessionDetails {
  const target = options.target;
  return {
    target: typeof target === 'string' ? target : redactUrl(target.url),
    managed: typeof target === 'string',
    serverVersion: '',
    prefix: '',
    db: typeof target === 'string' ? 0 : target.db ?? 0,
    pipeline: 'resp',
    configChanged: [],
    configRestored: true,
    keysDeleted: 0,
    foreignKeysEvicted: 0,
    // 'auto' is resolved to a factor before a session starts (run/time-scale.ts).
    speed: options.speed === undefined || options.speed === 'auto' ? 1 : options.speed,
  };
}

/** The result of a run that could not start (or failed before any traffic). */
export function failedResult(plan: RunPlan, error: RedisTargetError, liveDetails: SessionDetails): LiveRunResult {
  const empty = latencyMetrics(new LatencyHistogram());
  const commandLatency = { count: 0, errors: 0, p50Ms: 0, p99Ms: 0, meanMs: 0, maxMs: 0 };
  return {
    version: RUN_RESULT_VERSION,
    engine: 'live',
    design: { name: plan.designName, environment: plan.environment, seed: plan.seed },
    requests: 0,
    partial: true,
    durationMs: 0,
    cache: {
      reads: 0, hits: 0, misses: 0, hitRatio: 0, evictedKeys: 0, expiredKeys: 0, expiredLazy: 0, expiredActive: 0,
      usedMemoryBytes: 0, peakMemoryBytes: 0, maxmemoryBytes: plan.server.maxmemoryBytes, oomRejections: 0,
      staleReads: 0, keys: 0, sets: 0, deletes: 0,
    },
    latency: empty,
    origin: { queries: 0, queriesPerSecMean: 0, queriesPerSecPeak: 0, peakConcurrency: 0, maxConcurrency: plan.origin.maxConcurrency, queuedMs: 0, duplicateLoads: 0 },
    network: { bytesToRedis: 0, bytesFromRedis: 0, bitsPerSec: 0 },
    namespaces: plan.namespaces.map((ns) => ({
      name: ns.name, reads: 0, hits: 0, misses: 0, hitRatio: 0, evictedKeys: 0, expiredKeys: 0, usedMemoryBytes: 0,
      oomRejections: 0, staleReads: 0, keys: 0, writes: 0, originQueries: 0, ttlMs: ns.ttlMs,
    })),
    series: [],
    departures: [...LIVE_DEPARTURES],
    warnings: [error.message],
    live: {
      ...liveDetails,
      pipelineDepth: 0,
      pacing: { lagP50Ms: 0, lagP99Ms: 0, lagMaxMs: 0, lateRequests: 0, achievedRequestsPerSec: 0, commandsPerSec: 0 },
      commands: liveRunDetailsSchema.shape.commands.parse(Object.fromEntries(LIVE_COMMANDS.map((name) => [name, { ...commandLatency }]))),
      gaps: [],
      errors: { [error.code]: 1 },
      clientHits: 0,
      clientMisses: 0,
      serverRestarts: 0,
      infoSamples: 0,
      clientMemoryBytes: 0,
      clientMemoryMeanBytes: 0,
      baselineMemoryBytes: 0,
      baselineClientMemoryBytes: 0,
    },
    error: { code: error.code as RedisErrorCode, message: error.message },
  };
}
