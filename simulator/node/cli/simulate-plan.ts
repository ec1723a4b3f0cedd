/**
 * One plan on the simulator with generated traffic — the engine engineFor picks for it — for
 * each variant of `run --vary` and `compare`, on whichever thread. Imports only the pure
 * simulator, so the variant worker's bundle stays small (no live engine, no ioredis).
 */
import { SimulatedEngine } from '../../run';
import type { RunPlan, RunProgress, RunResult } from '../../run';

const yieldToHost = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function simulatePlan(plan: RunPlan, signal: AbortSignal, progress?: (p: RunProgress) => void): Promise<RunResult> {
  const engine = new SimulatedEngine({ yieldToHost });
  return engine.run(plan, { snapshot: () => {}, progress: (p) => progress?.(p) }, signal);
}
