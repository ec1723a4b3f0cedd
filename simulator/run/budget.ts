/** A request budget beyond the phases: the last phase continues at its final rate until it is spent. */
import type { PlannedPhase } from './plan';
import { rateAtPerSec } from '../traffic';

/** The phase that continues the plan to `budget` requests, or null when the phases hold enough. */
export function budgetExtension(phases: ReadonlyArray<PlannedPhase>, budget: number): PlannedPhase | null {
  const planned = Math.round(phases.reduce((sum, p) => sum + p.expectedRequests, 0));
  if (budget <= planned) return null;
  const missingRequests = budget - planned;
  const last = phases[phases.length - 1];
  const ratePerSec = Math.max(1, rateAtPerSec(last.shape, last.durationMs, last.durationMs));
  const durationMs = Math.ceil((missingRequests / ratePerSec) * 1000) + 1;
  return {
    name: `${last.name} (continued to the request budget)`,
    startMs: last.startMs + last.durationMs,
    durationMs,
    shape: { kind: 'steady', ratePerSec },
    expectedRequests: (ratePerSec * durationMs) / 1000,
  };
}
