/**
 * What a live run's speed means for the plan's times. A number N runs the plan N times faster and
 * divides every time in it by N (scalePlan: phases, TTLs and jitter, invalidation delays, origin
 * latency, rtt), so Redis's wall clock and the plan's clock agree. `max` sends as fast as the
 * server answers: the plan's clock then has no relation to Redis's, so a TTL that would run out
 * within the plan's traffic cannot be honoured. Such a plan is refused with the reason; one whose
 * TTLs all outlast its traffic runs, and says why its expiries are still comparable.
 */
import type { RunPlan } from '../../run';
import { budgetExtension } from '../../run';

/** The plan's traffic in its own time (ms): phases, continued to the request budget. */
export function planSpanMs(plan: RunPlan): number {
  const last = plan.phases[plan.phases.length - 1];
  const end = last ? last.startMs + last.durationMs : 0;
  const extended = plan.requestBudget === null ? null : budgetExtension(plan.phases, plan.requestBudget);
  return end + (extended?.durationMs ?? 0);
}

/** Null when `--speed max` can run the plan, else why it cannot (one line, with the way out). */
export function maxSpeedProblem(plan: RunPlan): string | null {
  const spanMs = planSpanMs(plan);
  const expiring = plan.namespaces.filter((ns) => ns.cacheable && ns.ttlMs !== null && ns.ttlMs > 0 && ns.ttlMs * (1 - ns.jitterPct / 100) < spanMs);
  if (expiring.length === 0) return null;
  const named = expiring.slice(0, 3).map((ns) => `${ns.name} (${seconds(ns.ttlMs ?? 0)})`).join(', ');
  return `--speed max sends as fast as the server answers, so Redis's clock runs apart from the plan's: the TTLs of ${named} run out within the plan's ${seconds(spanMs)} of traffic and would expire on Redis's clock, not the plan's (the simulator would count expiries Redis never makes). Use --speed N instead (e.g. --speed 10x: every time in the plan, TTLs included, divided by N).`;
}

/** The line a `--speed max` result carries about its times. */
export function maxSpeedNote(plan: RunPlan): string {
  return `The plan ran as fast as the server answered (--speed max): no TTL of it is shorter than its ${seconds(planSpanMs(plan))} of traffic, so no key expires in either engine; times in this result are wall-clock.`;
}

function seconds(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1000).toFixed(1)} s`;
}
