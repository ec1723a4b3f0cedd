/**
 * The policy curve (simulator/run/policy-curve.ts) with its mini-simulations spread over the
 * worker pool (pool/worker-pool.ts): the pass over the stream runs here while the workers boot,
 * then the sample is shared with them once and this thread and the workers take the points one
 * by one. Each point is the same deterministic simulation wherever it runs, so the curve is
 * identical to `policyCurve`'s (parallel-curve.test.ts asserts it).
 */
import { availableParallelism } from 'node:os';
import type { PolicyCurve, PolicyCurveOptions, RunPlan } from '../../run';
import { curvePass, miniSimMisses } from '../../run';
import type { PoolJob } from '../pool/pool-jobs';
import { WorkerPool } from '../pool/worker-pool';

export interface ParallelCurveOptions extends PolicyCurveOptions {
  /** Threads for the mini-simulations, this one included; default the machine's cores; 1: no worker. */
  threads?: number;
  /** A pool already started (e.g. at the start of the command); default one made for this curve. */
  pool?: WorkerPool;
}

let curves = 0;

/** `policyCurve`, its mini-simulations on the worker pool and this thread. */
export async function policyCurveParallel(plan: RunPlan, options: ParallelCurveOptions = {}): Promise<PolicyCurve> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const points = options.maxmemoryValues?.length ?? options.pointCount ?? 24;
  const pool = options.pool ?? new WorkerPool(Math.min(threads, points) - 1);
  try {
    const pass = curvePass(plan, options);
    const key = `curve-${++curves}`;
    pool.share(key, pass.job);
    const jobs = pass.job.scaledBytes.map((_, index): PoolJob => ({ kind: 'curve-point', key, index }));
    const misses = await pool.map<PoolJob, number>(jobs, { here: (job) => miniSimMisses(pass.job, job.kind === 'curve-point' ? job.index : -1, pass.layout), ahead: 2 });
    return pass.finish(misses as number[]);
  } finally {
    if (!options.pool) await pool.close();
  }
}
