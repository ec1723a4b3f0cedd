/**
 * Simulated variants (`keyspace run --vary`, `keyspace compare`) on all cores: each plan runs
 * on the worker pool (pool/worker-pool.ts) and this thread, one per core by default (`--jobs N`; 1 runs them one after
 * the other on this thread). Every plan runs through the same function either way, and results
 * come back in the plans' order, so the output is the same whatever the number of jobs.
 */
import type { RunPlan, RunProgress, RunResult } from '../../run';
import { simulatePlan } from './simulate-plan';
import type { PoolJob } from '../pool/pool-jobs';
import { defaultThreads, WorkerPool } from '../pool/worker-pool';
import type { ParsedArgs } from './args';
import { intFlag } from './args';

export const JOBS_FLAG = { jobs: { value: true } } as const;

/** `--jobs N`: worker threads for the variants; default one per core. */
export function jobsOf(args: ParsedArgs): number {
  return intFlag(args, 'jobs', 1, 1024) ?? defaultThreads();
}

export interface VariantOptions {
  jobs: number;
  signal: AbortSignal;
  /** Progress of the running plan, when they run on this thread (jobs = 1). */
  progress?: (p: RunProgress) => void;
  /** A pool started earlier (while the command compiled its plans), jobs − 1 workers; default one made here. */
  pool?: WorkerPool;
}

/**
 * The results of `plans`, in order. On a stop, those finished or stopped part-way, up to the
 * first plan that never started (as a sequential run stops after the plan it was running).
 */
export async function simulateVariants(plans: readonly RunPlan[], options: VariantOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  if (options.jobs <= 1 || plans.length <= 1) {
    for (const plan of plans) {
      results.push(await simulatePlan(plan, options.signal, options.progress));
      if (options.signal.aborted) break;
    }
    return results;
  }
  // This thread runs variants too: jobs − 1 workers.
  const pool = options.pool ?? new WorkerPool(Math.min(options.jobs, plans.length) - 1);
  let slots: Array<RunResult | undefined>;
  try {
    const jobs = plans.map((plan): PoolJob => ({ kind: 'simulate', plan }));
    slots = await pool.map<PoolJob, RunResult>(jobs, { signal: options.signal, here: (job, signal) => simulatePlan((job as { plan: RunPlan }).plan, signal) });
  } finally {
    if (!options.pool) await pool.close();
  }
  for (const result of slots) {
    if (result === undefined) break;
    results.push(result);
  }
  return results;
}
