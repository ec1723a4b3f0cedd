/**
 * The result assembler of a live run: the traffic's own result (live-result.ts), or the empty
 * result of a run that could not start, put together with what the session reports at its end —
 * the teardown's report (teardown.ts), the eviction watcher's (eviction-watch.ts), pub/sub, the
 * time-scale notes. Also what a live run says about itself without traffic: its details as the
 * options set them and the departures every live result names.
 */
import type { NonKeyMemory } from '../../cache';
import type { PubsubMetrics } from '../../pubsub';
import type { RateLimitMetrics } from '../../run/schema';
import type { RunPlan } from '../../run';
import { liveRunDetailsSchema, RUN_RESULT_VERSION } from '../../run';
import { LatencyHistogram } from '../../metrics';
import type { RedisErrorCode, RedisTargetError } from '../redis';
import { redactUrl } from '../redis';
import type { NamespaceEvents, WatchEnd } from './eviction-watch';
import { UNWATCHED_DEPARTURE } from './eviction-watch';
import type { LiveEngineOptions } from './live-options';
import { latencyMetrics } from '../../run/client-result';
import type { TeardownReport } from './teardown';
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

/** A run whose traffic went: its result as the traffic measured it, and what the session measured with it. */
export interface TrafficOutcome {
  traffic: LiveRunResult;
  /** Per-namespace evictions and expiries at the final sample (null: no watcher). */
  namespaceEvents: NamespaceEvents | null;
  clockPhaseMs: number;
  nonKeyMemory: NonKeyMemory;
  pubsub?: { metrics: PubsubMetrics; departures: readonly string[]; warnings: string[]; failure?: string; cancelled: boolean };
  /** The design's limiters, decided on the server (live-limits.ts). */
  rateLimits?: RateLimitMetrics[];
}

/**
 * Limiters whose decisions hang on when Redis expires their key: it expires exactly when their
 * state runs out (the fixed window's count, the sliding log's newest entry), on Redis's own clock.
 */
export const EXPIRY_BOUND_ALGORITHMS: ReadonlySet<string> = new Set(['fixed-window', 'sliding-log']);

/**
 * What a run whose plan time does not follow the wall clock (`--speed max`, or a client behind
 * the plan: `how`, with what to do: `remedy`) says about its expiry-bound limiters; null when it has none.
 */
export function wallClockLimiterWarning(limiters: ReadonlyArray<{ name: string; algorithm: string }>, how: string, remedy: string): string | null {
  const bound = limiters.filter((l) => EXPIRY_BOUND_ALGORITHMS.has(l.algorithm)).map((l) => `${l.name} (${l.algorithm})`);
  if (bound.length === 0) return null;
  return `Rate limiter${bound.length === 1 ? '' : 's'} ${bound.join(', ')} ${how}: Redis expires their keys on wall-clock time (PEXPIRE, PX) while they decide on the plan's time, so their windows and logs end at other plan times than the simulator's (later when the run goes faster than written, earlier when the client falls behind) and their admitted and refused depart from the simulator's; ${remedy}.`;
}

/** Where a live run's limiter results depart from the simulator's. */
export const LIVE_RATE_LIMIT_DEPARTURE = 'rate limiters (live): decided on the server with the exports\' commands and Lua at `now` = a fixed base + the plan time; the cache\'s hits and misses are its GETs as the client took them (keyspace_hits in INFO, and so in the snapshots, count the scripts\' reads too); keys and memory are SCAN and MEMORY USAGE at the end (after the last expiries); in a connection gap a request whose decision was lost, or that falls due, is dropped (counted in the gap, in no limiter\'s admitted or refused), never let through; evicted keys per limiter are keyspace notifications matched to its pattern, and an eviction reset is a command on a key evicted since its last one (a notification still on its way when the command goes out is missed)';

/** A run that could not start, or stopped on a thrown error: the error and what was said before it. */
export interface FailedOutcome {
  error: RedisTargetError;
  warnings: string[];
}

/** What the session reports once it closed. */
export interface SessionEnd {
  details: SessionDetails;
  teardown: TeardownReport;
  watch?: WatchEnd;
  /** Said first (the time scale's notes). */
  notes: string[];
}

/** The RunResult of a live run, put together once its session closed. */
export function assembleLiveResult(plan: RunPlan, outcome: TrafficOutcome | FailedOutcome, end: SessionEnd): LiveRunResult {
  const { teardown, watch } = end;
  const details: SessionDetails = {
    ...end.details,
    keysDeleted: teardown.keysDeleted ?? end.details.keysDeleted,
    configChanged: teardown.configChanged ?? end.details.configChanged,
    configRestored: teardown.configRestored ?? end.details.configRestored,
    foreignKeysEvicted: watch && watch.foreignEvicted > 0 ? watch.foreignEvicted : end.details.foreignKeysEvicted,
  };
  const result = 'traffic' in outcome ? fromTraffic(plan, outcome, details) : failedResult(plan, outcome.error, details);
  if (!('traffic' in outcome)) result.warnings.push(...outcome.warnings);
  result.warnings.push(...teardown.warnings);
  if (watch) {
    for (const warning of watch.warnings) if (!result.warnings.includes(warning)) result.warnings.push(warning);
    if (watch.error) {
      const previous = result.error;
      result.warnings = result.warnings.filter((warning) => !(previous?.code === 'foreign-eviction' && warning === previous.message));
      result.warnings.unshift(watch.error.message);
      result.error = { code: watch.error.code, message: watch.error.message };
      result.partial = true;
    }
  }
  const left = teardown.leftovers;
  if (left) {
    result.partial = true;
    result.error = result.error ? { code: result.error.code, message: `${result.error.message} ${left.message}` } : left;
  }
  result.warnings.unshift(...end.notes);
  return result;
}

/** The traffic's result with the session's details, per-namespace events, memory and pub/sub. */
function fromTraffic(plan: RunPlan, outcome: TrafficOutcome, details: SessionDetails): LiveRunResult {
  const { traffic, namespaceEvents: events, pubsub } = outcome;
  const result: LiveRunResult = {
    ...traffic,
    cache: { ...traffic.cache, nonKeyMemory: outcome.nonKeyMemory },
    namespaces: traffic.namespaces.map((ns, i) => (events ? { ...ns, evictedKeys: events.evicted[i] ?? 0, expiredKeys: events.expired[i] ?? 0 } : ns)),
    departures: events ? [...traffic.departures] : [...traffic.departures, UNWATCHED_DEPARTURE],
    warnings: [...traffic.warnings],
    live: { ...traffic.live, ...details, clockPhaseMs: outcome.clockPhaseMs },
  };
  if (outcome.rateLimits) {
    result.rateLimits = outcome.rateLimits;
    result.departures.push(LIVE_RATE_LIMIT_DEPARTURE);
  }
  if (pubsub && plan.pubsub) {
    result.pubsub = pubsub.metrics;
    result.departures.push(...pubsub.departures);
    result.warnings.push(...plan.pubsub.warnings, ...new Set(pubsub.warnings));
    if (pubsub.failure !== undefined) {
      result.warnings.push(pubsub.failure);
      result.partial = true;
    }
    if (pubsub.cancelled) result.partial = true;
  }
  return result;
}
