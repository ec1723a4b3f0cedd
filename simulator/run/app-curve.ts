/**
 * The miss-ratio curve as the app and its report show it: the design's own policy curve
 * (policyCurve: its eviction policy, TTLs and invalidation) with the exact-LRU stack curve as a
 * labelled reference, held to a budget so that it answers in seconds on big designs (the CLI's
 * `keyspace mrc` runs the whole design at policyCurve's own sample rate):
 * - at most APP_CURVE_REQUESTS requests (the generating pass and the stack reference);
 * - at most APP_CURVE_SIMULATED requests simulated in all by the mini-simulations (points ×
 *   sampled requests): past that the key sample shrinks (never under APP_CURVE_MIN_KEYS keys), so
 *   a small design is sampled too instead of simulated whole at every point — more sampling noise
 *   (it falls as 1/√keys sampled), the same expected curve.
 */
import type { CurvePoint } from './miss-ratio-curve';
import type { RunPlan } from './plan';
import { adaptiveSampleRate, policyCurve } from './policy-curve';

/** Most requests the app's curve replays (~1–3 s of work on one core); bigger designs are cut to it. */
export const APP_CURVE_REQUESTS = 2_000_000;
/** Most requests the mini-simulations replay in all (~1.5 M a second on one core of the test machine). */
export const APP_CURVE_SIMULATED = 6_000_000;
/** Fewest keys the work cap samples (Redis' eviction samples behave as on the full cache above a few thousand). */
export const APP_CURVE_MIN_KEYS = 5_000;

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

/**
 * The app's curve of a design: `compile(requests)` compiles it (undefined: its own request
 * count); a design over the cap is compiled again with the cap as its budget.
 */
export function appCurveOf(compile: (requests?: number) => RunPlan): AppCurve {
  const whole = compile();
  const budget = appCurveBudget(whole);
  return budget === null ? appCurve(whole, null) : appCurve(compile(budget), plannedRequests(whole));
}

/** The curve of `plan` (already compiled with appCurveBudget's budget); `cappedFrom`: the design's own count. */
export function appCurve(plan: RunPlan, cappedFrom: number | null, pointCount = 20): AppCurve {
  const requests = Math.max(1, plannedRequests(plan));
  const adaptive = adaptiveSampleRate(plan);
  const keys = Math.max(1, plan.namespaces.reduce((sum, ns) => sum + ns.cardinality, 0));
  const workRate = Math.max(APP_CURVE_SIMULATED / (pointCount * requests), APP_CURVE_MIN_KEYS / keys);
  const curve = policyCurve(plan, { pointCount, sampleRate: Math.min(adaptive, workRate, 1) });
  return {
    policy: curve.policy,
    sampleRate: curve.sampleRate,
    requests,
    cappedFrom,
    points: curve.points,
    workingSetBytes: curve.reference.workingSetBytes,
    memoryFor: curve.memoryFor,
    reference: { points: curve.reference.points, memoryFor: curve.reference.memoryFor },
  };
}
