/**
 * What a warm run worker does while it waits for its job: it runs a small design through the
 * code a simulated run takes (plan, simulator, snapshot and result schemas), so that V8 has
 * compiled that code before the job arrives. A fresh thread runs its first simulation several
 * times slower than one that has simulated before (the catalogue preset's first snapshot: about
 * 220 ms against 25–50 ms, BENCHMARKS.md "Workbench UI"). Nothing of the warm-up is kept or
 * posted, and it stops within one chunk (a few ms) once the job has arrived.
 */
import type { CancelSignal, RunPlan, RunSink } from '../../simulator/run';
import { SimulatedEngine } from '../../simulator/run';

/** Enough requests for the hot loops to be optimised, few enough to take ~100 ms of one core. */
export const WARMUP_REQUESTS = 20_000;
const WARMUP_CHUNK = 500;
/** Snapshots checked by the schema (the first checks are the slow ones). */
const CHECKED_SNAPSHOTS = 20;

/**
 * A small cache-aside design with what most designs use: zipf keys, lognormal values, TTLs with
 * jitter, writes that delete and delete by pattern, never-cached reads, a ramp and a steady phase.
 */
export const WARMUP_DESIGN = `version: 1
name: warm-up
environments: [prod]
namespaces:
  - { name: items, pattern: "items:{id}", cardinality: 5000, valueSize: { dist: lognormal, p50: 2kb, p99: 16kb }, skew: { dist: zipf, alpha: 1.1 }, dataClass: item }
  - { name: lists, pattern: "items:list:{page}", cardinality: 50, valueSize: 8kb, skew: { dist: zipf, alpha: 1.2 }, dataClass: item }
  - { name: accounts, pattern: "accounts:{id}", cardinality: 20000, valueSize: 1kb, skew: { dist: zipf, alpha: 0.6 }, dataClass: private, readWrite: 80/20 }
ttlMatrix:
  item: { prod: { ttl: 30s, jitter: 10% } }
  private: { prod: { ttl: 0s } }
invalidation:
  - { on: items, action: delete }
  - { on: items, action: delete-pattern, target: "items:list:*" }
server: { maxmemory: 64mb, maxmemoryPolicy: allkeys-lru }
origin: { latency: { dist: lognormal, p50: 50ms, p99: 200ms }, maxConcurrency: 200 }
traffic:
  seed: 1
  phases:
    - { name: ramp, shape: ramp, from: 500/s, to: 2000/s, duration: 10s }
    - { name: steady, shape: steady, rate: 2000/s, duration: 10s }
  operations:
    - { namespace: items, op: read, weight: 70 }
    - { namespace: items, op: write, weight: 1 }
    - { namespace: lists, op: read, weight: 20 }
    - { namespace: accounts, op: mixed, weight: 9 }
`;

export interface WarmUpSteps {
  /** The warm-up's plan (the worker compiles it as a run's design is compiled). */
  plan(): RunPlan;
  /** What the worker does to a snapshot and to the result before posting them (minus the post). */
  checkSnapshot: RunSink['snapshot'];
  checkResult(result: Awaited<ReturnType<SimulatedEngine['run']>>): void;
}

/**
 * Runs the warm-up until it ends or `stop.aborted`, and says how many requests it simulated; never
 * throws (a failed warm-up costs only its speed-up, and says 0).
 */
export async function warmUp(steps: WarmUpSteps, stop: CancelSignal): Promise<number> {
  try {
    const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));
    const engine = new SimulatedEngine({ chunkRequests: WARMUP_CHUNK, yieldToHost });
    const plan = steps.plan();
    // A job that came while the plan compiled goes first.
    await yieldToHost();
    if (stop.aborted) return 0;
    let checked = 0;
    const snapshot: RunSink['snapshot'] = (value) => {
      if (checked++ < CHECKED_SNAPSHOTS) steps.checkSnapshot(value);
    };
    const result = await engine.run(plan, { snapshot, progress: () => {} }, stop);
    if (!stop.aborted) steps.checkResult(result);
    return result.requests;
  } catch {
    // The job runs as it would have without the warm-up.
    return 0;
  }
}
