/**
 * RunPlan: a design compiled for one run — environment chosen, units resolved to numbers, names
 * resolved to indices, key ids laid out. Same plan + same seed ⇒ same simulated result, bit for bit.
 */
import { profileOf } from '../cache/profiles';
import type { ServerVersion } from '../cache/profiles';
import type { Design, Parsed, PhaseSpec } from '../model';
import { budgetExtension } from './budget';
import { globMatchesNamespace, parseDurationMs, parseRatePerSec, parseSizeBytes, parseTtlMs, patternShape } from '../model';
import type { KeySkew, NumberDist, PhaseShape } from '../traffic';
import { expectedRequests } from '../traffic';
import type { CacheConfig, CachePolicy, KeyTable } from '../cache';
import { compilePubsubPlan } from '../pubsub';
import { hashSlotsOf } from './key-slots';
import { nonKeyMemoryOf } from './server-memory';
import { toSkew } from './skew';
import { compileRateLimits } from './rate-limit-plan';
import type { PlannedRateLimits } from '../ratelimit/planned';
import type { PubsubPlan } from '../pubsub';
import { compileFailures, pubsubFailuresOf } from './failures/plan';
import type { PlannedFailures } from './failures/plan';

export const RUN_PLAN_VERSION = 1;

export type OperationKind = 'read' | 'write' | 'list' | 'invalidate';
export type InvalidationAction = 'delete' | 'delete-pattern' | 'write-through' | 'write-behind' | 'ttl-only';

export interface PlannedNamespace {
  index: number;
  name: string;
  pattern: string;
  /** First key id of this namespace; its keys are ids keyIdOffset … keyIdOffset + cardinality − 1. */
  keyIdOffset: number;
  cardinality: number;
  /** Key length = keyFixedBytes + placeholderCount × (decimal digits of the key index). */
  keyFixedBytes: number;
  placeholderCount: number;
  valueBytes: NumberDist;
  skew: KeySkew;
  dataClass: string;
  /**
   * The TTL a SET gives a key (before jitter); null for `ttl: none`: cached without expiry (SET
   * without EX, only eviction removes the key). 0 for `ttl: 0s`: not cached (see cacheable).
   */
  ttlMs: number | null;
  /** Jitter of the TTL in percent; always 0 when ttlMs is null. */
  jitterPct: number;
  /** False when the TTL is 0 ("do not cache"): reads go straight to the origin. True for `none`. */
  cacheable: boolean;
  /** Every key is SET at the start of the run (a cache warmer). */
  prewarm: boolean;
  /** A hash namespace whose fields carry TTLs (ttlMatrix fieldTtl, redis-7.4): fields per hash, each value's bytes, their TTL before jitter. */
  fieldTtl?: { fields: number; fieldBytes: number; ttlMs: number };
}

export interface PlannedOperation {
  namespaceIndex: number;
  kind: OperationKind;
  weight: number;
}

export interface PlannedRule {
  /** Namespace whose entity write triggers the rule. */
  on: number;
  action: InvalidationAction;
  /** Namespaces whose keys the rule touches (the written namespace, or those the target pattern covers). */
  targets: number[];
  targetPattern: string | null;
  delayMs: number;
}

export interface PlannedPhase {
  name: string;
  startMs: number;
  durationMs: number;
  shape: PhaseShape;
  expectedRequests: number;
}

export interface PlannedServer {
  maxmemoryBytes: number;
  policy: CachePolicy;
  maxmemorySamples: number;
  lfuLogFactor: number;
  lfuDecayTimeMin: number;
  hz: number;
  activeExpireEffort: number;
  clusterMode: boolean;
  /** The server profile (`server.version`); absent in plans saved before profiles: redis-7.0. */
  version?: ServerVersion;
}

export interface RunPlan {
  version: typeof RUN_PLAN_VERSION;
  designName: string;
  environment: string;
  seed: number;
  engine: 'sim' | 'live';
  /** Stop after this many requests; when the phases hold fewer, the last phase continues at its final rate. */
  requestBudget: number | null;
  phases: PlannedPhase[];
  namespaces: PlannedNamespace[];
  operations: PlannedOperation[];
  rules: PlannedRule[];
  server: PlannedServer;
  origin: { latencyMs: NumberDist; maxConcurrency: number; capacityPerSec: number | null };
  client: { rttMs: number; singleFlight: boolean };
  /** Virtual time between two snapshots (ms). */
  snapshotIntervalMs: number;
  assertions: string[];
  /** The pub/sub fan-out, when the design has channels (runs on the same virtual clock). */
  pubsub: PubsubPlan | null;
  /** The cache side's failure timeline and persistence, when the design has either (failures/plan.ts). */
  failures?: PlannedFailures;
  /** Rate limiters, when the design has them: their keys follow the namespaces' key ids. */
  rateLimits?: PlannedRateLimits;
  /**
   * Where the run's start falls within the wall-clock minute (ms, 0 … 59 999; absent = 0): Redis's
   * LRU clock ticks on unix seconds and LFU decay on unix minutes. A simulated run compared with a
   * live one takes the live run's, so both age keys on the same ticks.
   */
  clockPhaseMs?: number;
  /**
   * used_memory a live run measured before its first request: calibrates the server memory
   * besides keys (server-memory.ts); absent, that memory is modelled from the plan.
   */
  measuredBaselineBytes?: number;
}

export interface CompileOptions {
  environment?: string;
  seed?: number;
  requests?: number;
  engine?: 'sim' | 'live';
  assertions?: string[];
  snapshotCount?: number;
}

/** Compiles a validated design. Throws only on a programming error: loadDesign has checked names. */
export function compilePlan(design: Design, options: CompileOptions = {}): RunPlan {
  const environment = options.environment ?? design.defaultEnvironment;
  if (!design.environments.includes(environment)) {
    throw new PlanError(`environment "${environment}" is not in the design; choose one of ${design.environments.join(', ')}`);
  }
  let keyIdOffset = 0;
  const namespaces = design.namespaces.map((ns, index): PlannedNamespace => {
    const cell = design.ttlMatrix[ns.dataClass][environment];
    const ttlMs = must(parseTtlMs(cell.ttl));
    const shape = patternShape(ns.pattern);
    const planned: PlannedNamespace = {
      index, name: ns.name, pattern: ns.pattern, keyIdOffset, cardinality: ns.cardinality,
      keyFixedBytes: shape.fixedBytes, placeholderCount: shape.placeholderCount,
      valueBytes: toDist(ns.valueSize, (t) => must(parseSizeBytes(t))),
      skew: toSkew(ns.skew), dataClass: ns.dataClass, ttlMs,
      jitterPct: ttlMs === null ? 0 : Number.parseFloat(cell.jitter), cacheable: ttlMs === null || ttlMs > 0, prewarm: ns.prewarm,
      ...(cell.fieldTtl && ns.type === 'hash' ? { fieldTtl: { fields: ns.fields ?? 1, fieldBytes: must(parseSizeBytes(ns.fieldSize ?? '0b')), ttlMs: must(parseTtlMs(cell.fieldTtl)) ?? 0 } } : {}),
    };
    keyIdOffset += ns.cardinality;
    return planned;
  });
  const indexOf = new Map(namespaces.map((ns) => [ns.name, ns.index]));

  const operations: PlannedOperation[] = [];
  for (const op of design.traffic.operations) {
    const namespaceIndex = indexOf.get(op.namespace) ?? 0;
    if (op.op === 'mixed') {
      const [reads, writes] = design.namespaces[namespaceIndex].readWrite.split('/').map(Number);
      if (reads > 0) operations.push({ namespaceIndex, kind: 'read', weight: (op.weight * reads) / 100 });
      if (writes > 0) operations.push({ namespaceIndex, kind: 'write', weight: (op.weight * writes) / 100 });
    } else {
      operations.push({ namespaceIndex, kind: op.op, weight: op.weight });
    }
  }

  const rules = design.invalidation.map((rule): PlannedRule => {
    const on = indexOf.get(rule.on) ?? 0;
    const targets = rule.target
      ? namespaces.filter((ns) => globMatchesNamespace(rule.target ?? '', ns.pattern)).map((ns) => ns.index)
      : [on];
    return { on, action: rule.action, targets, targetPattern: rule.target ?? null, delayMs: must(parseDurationMs(rule.delay)) };
  });

  let startMs = 0;
  const phases = design.traffic.phases.map((spec, i): PlannedPhase => {
    const durationMs = must(parseDurationMs(spec.duration));
    const shape = toShape(spec);
    const phase = { name: spec.name ?? `${spec.shape} ${i + 1}`, startMs, durationMs, shape, expectedRequests: expectedRequests(shape, durationMs) };
    startMs += durationMs;
    return phase;
  });

  const server = design.server;
  // A budget beyond the phases continues the last phase (Workload's extension): the snapshot
  // cadence covers that time too, so a result holds ~snapshotCount snapshots whatever --requests.
  const extended = options.requests === undefined ? null : budgetExtension(phases, options.requests);
  const totalMs = Math.max(1, startMs + (extended?.durationMs ?? 0));
  const snapshotCount = options.snapshotCount ?? 300;
  const failures = compileFailures(design, totalMs);
  return {
    version: RUN_PLAN_VERSION,
    designName: design.name,
    environment,
    seed: options.seed ?? design.traffic.seed,
    engine: options.engine ?? 'sim',
    requestBudget: options.requests ?? null,
    phases,
    namespaces,
    operations,
    rules,
    server: {
      maxmemoryBytes: must(parseSizeBytes(server.maxmemory)),
      policy: server.maxmemoryPolicy,
      maxmemorySamples: server.maxmemorySamples,
      lfuLogFactor: server.lfuLogFactor,
      lfuDecayTimeMin: Math.round(must(parseDurationMs(server.lfuDecayTime)) / 60_000),
      hz: server.hz,
      activeExpireEffort: server.activeExpireEffort,
      clusterMode: server.cluster,
      version: server.version,
    },
    origin: {
      latencyMs: toDist(design.origin.latency, (t) => must(parseDurationMs(t))),
      maxConcurrency: design.origin.maxConcurrency,
      capacityPerSec: design.origin.capacity ? must(parseRatePerSec(design.origin.capacity)) : null,
    },
    client: { rttMs: must(parseDurationMs(design.client.rtt)), singleFlight: design.client.singleFlight },
    snapshotIntervalMs: Math.max(10, Math.ceil(totalMs / snapshotCount)),
    assertions: [...design.targets, ...(options.assertions ?? [])],
    pubsub: design.pubsub ? compilePubsub(design, totalMs, options.seed ?? design.traffic.seed, failures) : null,
    ...(failures ? { failures } : {}),
    ...(design.rateLimits?.length ? { rateLimits: compileRateLimits(design, keyIdOffset, namespaces.length) } : {}),
  };
}

function compilePubsub(design: Design, durationMs: number, seed: number, failures: PlannedFailures | null): PubsubPlan | null {
  if (!design.pubsub) return null;
  try {
    const plan = compilePubsubPlan(design.pubsub, { durationMs, seed });
    if (!failures || failures.events.length === 0) return plan;
    // The bus runs on the same Redis: the cache's failures cut its connections too.
    const { topology } = design.pubsub;
    const nodes = topology.mode === 'cluster' ? topology.shards ?? 3 : 1;
    return { ...plan, failures: [...plan.failures, ...pubsubFailuresOf(failures, nodes)].sort((a, b) => a.atMs - b.atMs) };
  } catch (error) {
    throw new PlanError((error as Error).message);
  }
}

/** A plan that cannot be made from a valid design with these options (a bad --env, say). */
export class PlanError extends Error {
  override name = 'PlanError';
}

function must<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new PlanError(parsed.error);
  return parsed.value;
}

type DistSpec = string | { dist: 'fixed'; value: string } | { dist: 'uniform'; min: string; max: string }
  | { dist: 'normal'; mean: string; stddev: string } | { dist: 'lognormal'; p50: string; p99: string }
  | { dist: 'exponential'; mean: string };

function toDist(spec: DistSpec, unit: (text: string) => number): NumberDist {
  if (typeof spec === 'string') return { kind: 'fixed', value: unit(spec) };
  switch (spec.dist) {
    case 'fixed': return { kind: 'fixed', value: unit(spec.value) };
    case 'uniform': return { kind: 'uniform', min: unit(spec.min), max: unit(spec.max) };
    case 'normal': return { kind: 'normal', mean: unit(spec.mean), stddev: unit(spec.stddev) };
    case 'lognormal': return { kind: 'lognormal', median: unit(spec.p50), p99: unit(spec.p99) };
    case 'exponential': return { kind: 'exponential', mean: unit(spec.mean) };
  }
}

function toShape(spec: PhaseSpec): PhaseShape {
  const perSec = (text: string) => must(parseRatePerSec(text));
  switch (spec.shape) {
    case 'steady': return { kind: 'steady', ratePerSec: perSec(spec.rate) };
    case 'ramp': return { kind: 'ramp', fromPerSec: perSec(spec.from), toPerSec: perSec(spec.to) };
    case 'spike': return {
      kind: 'spike', basePerSec: perSec(spec.rate), peakPerSec: perSec(spec.peak),
      atFraction: Number.parseFloat(spec.at) / 100, widthFraction: Number.parseFloat(spec.width) / 100,
    };
  }
}

/** The cache model's config for a plan: its server settings over the engine's key records. */
export function cacheConfigOf(plan: RunPlan, keyTable: KeyTable): CacheConfig {
  const server = plan.server;
  const profile = profileOf(server.version);
  return {
    baseMemoryBytes: nonKeyMemoryOf(plan).bytes,
    clockPhaseMs: plan.clockPhaseMs ?? 0,
    keyCapacity: keyTable.words.length / keyTable.stride,
    maxmemoryBytes: server.maxmemoryBytes,
    policy: server.policy,
    maxmemorySamples: server.maxmemorySamples,
    lfuLogFactor: server.lfuLogFactor,
    lfuDecayTimeMin: server.lfuDecayTimeMin,
    hz: server.hz,
    activeExpireEffort: server.activeExpireEffort,
    clusterMode: server.clusterMode,
    profile,
    // A dict per hash slot fills as the server's does only with the slots of the real key names.
    ...(server.clusterMode && profile.clusterEvictionSampling === 'slot' ? { hashSlotOf: hashSlotsOf(plan) } : {}),
    keyTable,
    groupCount: plan.namespaces.length + (plan.rateLimits?.limiters.length ?? 0),
  };
}
