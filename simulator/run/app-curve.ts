/**
 * The miss-ratio curve as the app and its report show it: the design's own policy curve
 * (policyCurve: its eviction policy, TTLs and invalidation) with the exact-LRU stack curve as a
 * labelled reference, computed on at most APP_CURVE_REQUESTS requests so that it answers in a few
 * seconds on big designs (the CLI's `keyspace mrc` runs the whole design).
 */
import type { CurvePoint } from './miss-ratio-curve';
import type { RunPlan } from './plan';
import { policyCurve } from './policy-curve';

/** Most requests the app's curve replays (~1–3 s of work on one core); bigger designs are cut to it. */
export const APP_CURVE_REQUESTS = 2_000_000;

export interface AppCurve {
  /** The design's maxmemory-policy: the curve's own series. */
  policy: string;
  /** Share of keys the mini-simulations replay (1: every key, each point a full simulation). */
  sampleRate: number;
  /** Requests the curve was computed on. */
  requests: number;
  /** The design's own request count when it was more than APP_CURVE_REQUESTS (else null). */
  cappedFrom: number | null;
  points: CurvePoint[];
  workingSetBytes: number;
  /** Smallest maxmemory on the policy curve reaching 80/90/95 % (null if none does). */
  memoryFor: Array<{ hitRatio: number; maxmemoryBytes: number | null }>;
  /** The exact-LRU stack-distance curve of the same stream: blind to TTLs and invalidation. */
  reference: { points: CurvePoint[]; memoryFor: Array<{ hitRatio: number; maxmemoryBytes: number | null }> };
}

/** Requests a plan runs: its budget, or what its phases hold. */
export function plannedRequests(plan: RunPlan): number {
  return plan.requestBudget ?? Math.round(plan.phases.reduce((sum, phase) => sum + phase.expectedRequests, 0));
}

/** The request budget to compile the curve's plan with, or null when the plan is within the cap. */
export function appCurveBudget(plan: RunPlan, cap = APP_CURVE_REQUESTS): number | null {
  return plannedRequests(plan) > cap ? cap : null;
}

/** The curve of `plan` (already compiled with appCurveBudget's budget); `cappedFrom`: the design's own count. */
export function appCurve(plan: RunPlan, cappedFrom: number | null, pointCount = 20): AppCurve {
  const curve = policyCurve(plan, { pointCount });
  return {
    policy: curve.policy,
    sampleRate: curve.sampleRate,
    requests: plannedRequests(plan),
    cappedFrom,
    points: curve.points,
    workingSetBytes: curve.reference.workingSetBytes,
    memoryFor: curve.memoryFor,
    reference: { points: curve.reference.points, memoryFor: curve.reference.memoryFor },
  };
}
