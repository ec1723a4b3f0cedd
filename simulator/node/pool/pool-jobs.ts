/**
 * The jobs of the worker pool (worker-pool.ts) and how a worker does each: a whole simulated
 * variant (`run --vary`, `compare`), or one point of a miss-ratio curve (the mini-simulation of
 * the curve's sample, shared once per curve under `key`, at the point's maxmemory).
 */
import type { CurvePass, MiniSimJob, RunPlan } from '../../run';
import { miniSimMisses, sampleLayoutOf } from '../../run';
import { simulatePlan } from '../cli/simulate-plan';
import type { SharedData } from './pool-worker';

export type PoolJob =
  | { kind: 'simulate'; plan: RunPlan }
  | { kind: 'curve-point'; key: string; index: number };

/** Each shared curve's key layout, made once per worker. */
const layouts = new WeakMap<MiniSimJob, CurvePass['layout']>();

export function runPoolJob(job: PoolJob, signal: AbortSignal, shared: SharedData): unknown {
  if (job.kind === 'simulate') return simulatePlan(job.plan, signal);
  const curve = shared.get(job.key) as MiniSimJob | undefined;
  if (!curve) throw new Error(`curve point ${job.index} before its curve (${job.key}) was shared`);
  let layout = layouts.get(curve);
  if (!layout) {
    layout = sampleLayoutOf(curve);
    layouts.set(curve, layout);
  }
  return miniSimMisses(curve, job.index, layout);
}
