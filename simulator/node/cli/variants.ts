/**
 * Simulated variants (`keyspace run --vary`, `keyspace compare`) on all cores: each plan runs
 * on a worker thread of a small pool, one per core by default (`--jobs N`; 1 runs them one after
 * the other on this thread). Every plan runs through the same function either way, and results
 * come back in the plans' order, so the output is the same whatever the number of jobs.
 */
import type { RunPlan, RunProgress, RunResult } from '../../run';
import { simulatePlan } from './simulate-plan';
import { defaultThreads, mapInWorkers } from '../pool/worker-pool';
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
  const entry = new URL('./variant-worker.ts', import.meta.url);
  const slots = await mapInWorkers<RunPlan, RunResult>(entry, plans, { threads: options.jobs, signal: options.signal });
  for (const result of slots) {
    if (result === undefined) break;
    results.push(result);
  }
  return results;
}
