/**
 * The miss-ratio curve of a design as it is: its own eviction policy (sampled LRU/LFU, random,
 * volatile-*), TTLs with jitter, invalidation rules and value sizes, at many maxmemory values.
 *
 * Method (SHARDS spatial sampling + MINISIM): one pass over the plan's request stream keeps the
 * requests of a hashed sample of keys (rate R) — every request of a sampled key at its true time,
 * so its TTL expiries, invalidations and reuse pattern are untouched — and feeds the exact-LRU
 * stack reference on the way. Each curve point then replays that sample into the real simulation
 * (SimRun: the cache-aside client, the cache model, the design's policy) with the room for keys
 * scaled by R: maxmemory_s = nonKey + R × (maxmemory − nonKey − tables) + the mini-cache's own
 * tables, so that it holds R × the full cache's keys (table-scaling.ts). Misses are estimated with a
 * control variate (che-control.ts): misses = C_all + (sampled misses − C_sampled) / R, where C is
 * each key's expected LRU misses from its read count, summed over all keys (exact: the pass counts
 * every key's reads) and over the sampled ones; C follows each key's TTL and counts the reads that
 * come right after an invalidation of their key as misses. Only misses are scaled, so a very hot key that
 * happens to be in (or out of) the sample does not swing the curve (as SHARDS-adj), and only the
 * policy's, TTLs' and invalidation's difference from LRU is left to sampling.
 *
 * Why the rate: the estimate's error comes from which keys are sampled, so its spread falls as
 * 1/√(keys sampled); ~80 000 sampled keys keep it within 0.5 pp on the accuracy test's designs, while a
 * sampled cache of even 1/20 of the working set still holds a few thousand keys — enough for
 * Redis' 5-key samples and 16-entry eviction pool to behave as on the full cache (their quality
 * depends on the sample size, not on the number of keys). Designs with fewer keys run unsampled
 * (R = 1): the points are then the full simulation itself.
 *
 * Departures (besides sampling noise): the full cache's keys and tables at a size are estimated
 * from the mean key size and Redis' table growth rule (table-scaling.ts); the origin pool
 * sees R of the load, so queueing at a saturated origin (and misses during a load in flight) is
 * lighter; the active expire cycle walks a smaller expires table, run on R of the cron ticks so
 * that it leaves the full keyspace's share of expired keys (CacheConfig.activeExpireShare);
 * pub/sub output buffers are left out. Cost: one pass generating the stream, then one simulation
 * of R of it per point — with R = 1 (a small design) each point is a full simulation.
 */
import { Rng } from '../traffic';
import { CheControl } from './che-control';
import type { CurvePoint, StackCurve, StackCurveOptions } from './miss-ratio-curve';
import { DICT_BUCKETS_PER_KEY_BYTES, memoryFor, StackCurveBuilder } from './miss-ratio-curve';
import { NamespaceKeys } from './namespace-keys';
import type { RunPlan } from './plan';
import type { RecordedRequests } from './sampled-stream';
import { replayOf, SampledLayout, SampledStream } from './sampled-stream';
import { nonKeyMemoryOf } from './server-memory';
import { SimRun } from './sim-run';
import { scaledKeyRoom } from './table-scaling';
import { Workload } from './workload';

/** Sampled keys the adaptive rate aims at (see the header). */
export const SAMPLED_KEYS_TARGET = 80_000;

export interface PolicyCurveOptions extends StackCurveOptions {
  /** Share of keys sampled; default adaptive (SAMPLED_KEYS_TARGET keys, at most 1). */
  sampleRate?: number;
  /** The maxmemory values of the points; default the reference curve's (small → working set). */
  maxmemoryValues?: ReadonlyArray<number>;
  /** Salt of the key hash (default from the plan's seed): another salt draws another sample. */
  salt?: number;
}

export interface PolicyCurve {
  method: 'sampled-minisim';
  policy: string;
  /** Share of keys whose requests the mini-simulations replay. */
  sampleRate: number;
  sampledKeys: number;
  sampledRequests: number;
  /** GETs of the full stream (the denominator of every point). */
  reads: number;
  points: CurvePoint[];
  /** Smallest maxmemory on this curve reaching each target hit ratio (null if none does). */
  memoryFor: Array<{ hitRatio: number; maxmemoryBytes: number | null }>;
  /** The exact-LRU stack-distance curve of the same stream: blind to TTLs, invalidation and sampling of eviction. */
  reference: StackCurve;
}

/** The adaptive rate: SAMPLED_KEYS_TARGET of the keys the plan's cacheable reads can touch. */
export function adaptiveSampleRate(plan: RunPlan): number {
  const readable = new Set(plan.operations.filter((op) => op.kind !== 'write' && op.kind !== 'invalidate').map((op) => op.namespaceIndex));
  const keys = plan.namespaces.reduce((sum, ns) => sum + (readable.has(ns.index) && ns.cacheable ? ns.cardinality : 0), 0);
  return Math.min(1, SAMPLED_KEYS_TARGET / Math.max(1, keys));
}

/**
 * What the mini-simulations need, as plain data (the plan, the sample's rate and salt, the sampled
 * requests, the scaled maxmemory of each point), so that a worker thread can be sent it.
 */
export interface MiniSimJob {
  plan: RunPlan;
  rate: number;
  salt: number;
  requests: RecordedRequests;
  /** maxmemory of each point's mini-simulation: nonKey + R × (maxmemory − nonKey), its tables aside (table-scaling.ts). */
  scaledBytes: number[];
}

/** The pass over the stream done: the job of the mini-simulations, and the curve from their misses. */
export interface CurvePass {
  job: MiniSimJob;
  layout: SampledLayout;
  /** The curve, from each point's cache misses in its mini-simulation (`miniSimMisses`). */
  finish(sampledMisses: ReadonlyArray<number>): PolicyCurve;
}

/** The sampled keys of a job, as the pass laid them out. */
export function sampleLayoutOf(job: MiniSimJob): SampledLayout {
  return new SampledLayout(new NamespaceKeys(job.plan.namespaces), job.rate, job.salt);
}

/** Cache misses of the mini-simulation of point `index`: SimRun replaying the sample at its scaled maxmemory. */
export function miniSimMisses(job: MiniSimJob, index: number, layout: SampledLayout = sampleLayoutOf(job)): number {
  const { plan } = job;
  const mini = { ...plan, pubsub: null, server: { ...plan.server, maxmemoryBytes: job.scaledBytes[index] } };
  const run = new SimRun(mini, { layout, source: replayOf(job.requests), keyShare: job.rate });
  while (run.step(1_000_000)) { /* to the end of the sampled stream */ }
  return run.result(false).cache.misses;
}

export function policyCurve(plan: RunPlan, options: PolicyCurveOptions = {}): PolicyCurve {
  const pass = curvePass(plan, options);
  return pass.finish(pass.job.scaledBytes.map((_, i) => miniSimMisses(pass.job, i, pass.layout)));
}

/** The one pass over the plan's stream: sample, read counts, invalidated reads and the stack reference. */
export function curvePass(plan: RunPlan, options: PolicyCurveOptions = {}): CurvePass {
  const rate = options.sampleRate ?? adaptiveSampleRate(plan);
  if (!(rate > 0 && rate <= 1)) throw new RangeError(`sampleRate ${rate} is not valid; use a number in (0, 1], e.g. 0.05`);
  const keys = new NamespaceKeys(plan.namespaces);
  const salt = options.salt ?? (plan.seed ^ 0x5eed_c0de);
  const layout = new SampledLayout(keys, rate, salt);
  // The reference samples with its own hash at the same rate: its own SHARDS, exact-LRU only.
  const reference = new StackCurveBuilder(plan, rate);
  const stream = new SampledStream();
  const getOps = plan.operations.map((op) => op.kind !== 'write' && op.kind !== 'invalidate' && plan.namespaces[op.namespaceIndex].cacheable);
  const denseOf = layout.denseOf;
  // The very stream SimRun would draw (same seed, same fork), so R = 1 is the full simulation.
  const workload = new Workload(plan, new Rng(plan.seed).fork('workload'));
  const deletingOps = plan.operations.map((op) => op.kind === 'invalidate'
    || (op.kind === 'write' && plan.rules.some((rule) => rule.on === op.namespaceIndex && rule.action === 'delete')));
  const invalidatedReads = new Uint32Array(denseOf.length);
  const invalidated = new Uint8Array(denseOf.length);
  const tracksInvalidation = deletingOps.some(Boolean);
  let reads = 0;
  while (workload.next()) {
    const op = workload.operation;
    const id = workload.keyId;
    if (getOps[op]) {
      reads++;
      if (tracksInvalidation && invalidated[id]) { invalidated[id] = 0; invalidatedReads[id]++; }
    } else if (deletingOps[op]) {
      invalidated[id] = 1;
    }
    reference.access(op, id);
    const dense = denseOf[id];
    if (dense >= 0) stream.add(workload.timeMs, op, dense);
  }
  stream.endMs = workload.endMs;
  const referenceCurve = reference.curve(options);
  const sizes = options.maxmemoryValues ?? referenceCurve.points.map((p) => p.maxmemoryBytes);
  const nonKeyBytes = nonKeyMemoryOf(plan).bytes;
  const spanMs = Math.max(1, stream.endMs);
  const ttlShares = plan.namespaces.map((ns) => (ns.ttlMs !== null && ns.ttlMs > 0 ? ns.ttlMs / spanMs : 0));
  const control = new CheControl(reference.readCounts, denseOf, keys.groups, ttlShares, invalidatedReads);
  const meanKeyBytes = Math.max(1, reference.meanKeyBytes);
  // Keys' memory scales by R, their hash tables do not (table-scaling.ts).
  const withTtl = plan.namespaces.filter((ns) => ns.cacheable && ns.ttlMs !== null).reduce((sum, ns) => sum + ns.cardinality, 0);
  const ttlShare = withTtl / Math.max(1, plan.namespaces.filter((ns) => ns.cacheable).reduce((sum, ns) => sum + ns.cardinality, 0));
  const keyBytes = meanKeyBytes - DICT_BUCKETS_PER_KEY_BYTES;
  const scaledBytes = sizes.map((maxmemoryBytes) => Math.max(1, Math.round(nonKeyBytes + scaledKeyRoom(maxmemoryBytes - nonKeyBytes, rate, keyBytes, ttlShare))));
  const job: MiniSimJob = { plan, rate, salt, requests: stream.recorded(), scaledBytes };
  const finish = (sampledMisses: ReadonlyArray<number>): PolicyCurve => {
    const points = sizes.map((maxmemoryBytes, i) => {
      const expected = control.misses(reference.keyBytesAt(maxmemoryBytes) / meanKeyBytes);
      const misses = expected.all + (sampledMisses[i] - expected.sampled) / rate;
      return { maxmemoryBytes, hitRatio: reads === 0 ? 0 : Math.min(1, Math.max(0, 1 - misses / reads)) };
    });
    return {
      method: 'sampled-minisim',
      policy: plan.server.policy,
      sampleRate: rate,
      sampledKeys: layout.totalKeys,
      sampledRequests: stream.count,
      reads,
      points,
      memoryFor: memoryFor(points, options.targets),
      reference: referenceCurve,
    };
  };
  return { job, layout, finish };
}
