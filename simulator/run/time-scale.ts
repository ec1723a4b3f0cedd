/**
 * The speed of a live run, one rule for the CLI (`--speed`), `fidelity` (`--scale`) and the
 * workbench: what a requested speed means for a plan, and the plan both engines then run.
 *
 * - N (a number): every time in the plan divided by N, rates multiplied (scalePlan), paced at
 *   wall-clock time, so Redis's clock and the plan's agree. 1 is the plan as written.
 * - 'auto': N chosen so the run takes about `targetSeconds`, never beyond what the live client can
 *   pace (`maxRatePerSec` at the plan's peak) nor so far that a TTL gets shorter than 1 s.
 * - 'max': as fast as possible. A plan whose TTLs all outlast its traffic is sent unpaced (no key
 *   expires in either engine, so the plan's clock does not matter). One with a TTL that runs out
 *   during its traffic needs Redis's clock to follow the plan's: it runs at the fastest N the
 *   client can pace (the same limits as 'auto', without the target length). Refused only when even
 *   that N would stretch the plan more than 100 times.
 */
import { budgetExtension } from './budget';
import type { PlannedNamespace, RunPlan } from './plan';
import { scalePlan, scalingNotes } from './scale-plan';

/** What a user may ask for: a factor, 'auto' or 'max'. */
export type SpeedRequest = number | 'auto' | 'max';

export interface SpeedLimits {
  /**
   * Highest request rate the live client is asked to pace (default 40 000/s: the fast pipeline
   * sustains several times that alone, but a busy machine steals CPU, and a client that falls
   * behind stretches the timeline that TTLs and the LRU clock run on).
   */
  maxRatePerSec?: number;
  /** Wall-clock length 'auto' aims at (default 20 s). */
  targetSeconds?: number;
}

export const DEFAULT_MAX_RATE_PER_SEC = 40_000;
export const DEFAULT_TARGET_SECONDS = 20;
/** A TTL is not sped up below this much wall-clock time: Redis's LRU clock ticks per second, and the client's timing noise (ms) must stay small against it. */
export const MIN_SCALED_TTL_MS = 1000;
/** 'max' refuses a plan it would have to slow down more than this many times. */
export const MIN_FACTOR = 0.01;

/** The speed a run used: the factor (or 'max', unpaced), the plan both engines run, and the notes for the result. */
export interface TimeScale {
  requested: SpeedRequest;
  /** Every time in `plan` is the written plan's divided by this; 'max' runs unpaced, times unchanged. */
  speed: number | 'max';
  plan: RunPlan;
  notes: string[];
}

export type SpeedChoice = { ok: true; scale: TimeScale } | { ok: false; reason: string };

/** `10x`, `10`, `0.5x`, `auto`, `max` → a request; null when the text is none of these. */
export function parseSpeed(text: string): SpeedRequest | null {
  const trimmed = text.trim();
  if (trimmed === 'max' || trimmed === 'auto') return trimmed;
  const match = /^(\d+(?:\.\d+)?)x?$/.exec(trimmed);
  const value = match ? Number(match[1]) : Number.NaN;
  return value > 0 && Number.isFinite(value) ? value : null;
}

/** `12.5×`, `max`, as a result or a report names a speed. */
export function formatSpeed(speed: number | 'max'): string {
  return speed === 'max' ? 'max' : `${Number.isInteger(speed) ? speed : +speed.toPrecision(3)}×`;
}

/** The plan's traffic in its own time (ms): phases, continued (or cut) to the request budget. */
export function planSpanMs(plan: RunPlan): number {
  let end = 0;
  let planned = 0;
  for (const phase of plan.phases) {
    end = Math.max(end, phase.startMs + phase.durationMs);
    planned += phase.expectedRequests;
  }
  if (plan.requestBudget === null) return end;
  const extended = budgetExtension(plan.phases, plan.requestBudget);
  if (extended) return end + extended.durationMs;
  return planned > 0 ? end * Math.min(1, plan.requestBudget / planned) : end;
}

/** The highest request rate of any phase (requests/s). */
export function peakRatePerSec(plan: RunPlan): number {
  let peak = 0;
  for (const { shape } of plan.phases) {
    const rates = shape.kind === 'steady' ? [shape.ratePerSec]
      : shape.kind === 'ramp' ? [shape.fromPerSec, shape.toPerSec] : [shape.basePerSec, shape.peakPerSec];
    peak = Math.max(peak, ...rates);
  }
  return peak;
}

/** Cached namespaces with a TTL (its shortest jittered value) that runs out within the plan's traffic. */
export function expiringNamespaces(plan: RunPlan): PlannedNamespace[] {
  const spanMs = planSpanMs(plan);
  return plan.namespaces.filter((ns) => ns.cacheable && ns.ttlMs !== null && ns.ttlMs > 0 && shortestTtlMs(ns) < spanMs);
}

function shortestTtlMs(ns: PlannedNamespace): number {
  return (ns.ttlMs ?? Infinity) * (1 - ns.jitterPct / 100);
}

/** The fastest factor the client can pace, and the TTL floor's own bound (≥ 1: a plan is never slowed for its TTLs). */
function fastestFactor(plan: RunPlan, maxRatePerSec: number): { byRate: number; byTtl: number } {
  const peak = peakRatePerSec(plan);
  const shortest = Math.min(...expiringNamespaces(plan).map(shortestTtlMs));
  return {
    byRate: peak > 0 ? maxRatePerSec / peak : Infinity,
    byTtl: Number.isFinite(shortest) ? Math.max(1, shortest / MIN_SCALED_TTL_MS) : Infinity,
  };
}

/**
 * The speed-up 'auto' picks: long plans compressed to about `targetSeconds`, never beyond what the
 * live client can pace nor below 1 s of TTL; short plans run as written (or slowed down if even
 * that is too fast for the client). A round number: it reads better and changes nothing that matters.
 */
export function chooseScale(plan: RunPlan, targetSeconds = DEFAULT_TARGET_SECONDS, maxRatePerSec = DEFAULT_MAX_RATE_PER_SEC): number {
  const { byRate, byTtl } = fastestFactor(plan, maxRatePerSec);
  const byDuration = Math.max(1, planSpanMs(plan) / (targetSeconds * 1000));
  return roundDown(Math.min(byDuration, byRate, byTtl));
}

function roundDown(scale: number): number {
  if (scale >= 2) return Math.floor(scale * 2) / 2;
  return Math.max(MIN_FACTOR / 10, Math.floor(scale * 100) / 100);
}

/** What `request` means for `plan`: the factor, the plan to run on both engines, or why none works. */
export function resolveSpeed(plan: RunPlan, request: SpeedRequest, limits: SpeedLimits = {}): SpeedChoice {
  const maxRatePerSec = limits.maxRatePerSec ?? DEFAULT_MAX_RATE_PER_SEC;
  if (typeof request === 'number') {
    if (!(request > 0 && Number.isFinite(request))) return { ok: false, reason: `speed ${request} is not valid; use a number > 0, auto or max` };
    const short = expiringNamespaces(plan).filter((ns) => shortestTtlMs(ns) / request < MIN_SCALED_TTL_MS);
    const note = short.length === 0 ? [] : [`At ${formatSpeed(request)} the TTLs of ${short.slice(0, 3).map((ns) => ns.name).join(', ')} get shorter than ${MIN_SCALED_TTL_MS / 1000} s of wall-clock: Redis's 1 s LRU clock and the client's timing noise weigh more than in the plan as written.`];
    return { ok: true, scale: scaled(plan, request, request, note) };
  }
  if (request === 'auto') {
    const factor = chooseScale(plan, limits.targetSeconds, maxRatePerSec);
    const note = `Speed auto chose ${formatSpeed(factor)}: about ${limits.targetSeconds ?? DEFAULT_TARGET_SECONDS} s of live run, at most ${rate(maxRatePerSec)} requests/s, no TTL under ${MIN_SCALED_TTL_MS / 1000} s.`;
    return { ok: true, scale: scaled(plan, request, factor, factor === 1 ? [] : [note]) };
  }
  const expiring = expiringNamespaces(plan);
  if (expiring.length === 0) {
    const note = `The plan ran as fast as the server answered (--speed max): no TTL of it is shorter than its ${seconds(planSpanMs(plan))} of traffic, so no key expires in either engine; times in this result are wall-clock.`;
    return { ok: true, scale: { requested: 'max', speed: 'max', plan, notes: [note] } };
  }
  const { byRate, byTtl } = fastestFactor(plan, maxRatePerSec);
  const named = expiring.slice(0, 3).map((ns) => `${ns.name} (${seconds(ns.ttlMs ?? 0)})`).join(', ');
  const factor = roundDown(Math.min(byRate, byTtl));
  if (factor < MIN_FACTOR) {
    return {
      ok: false,
      reason: `--speed max cannot run this plan: the TTLs of ${named} run out within its traffic, so Redis's clock must follow the plan's, and its peak of ${rate(peakRatePerSec(plan))} requests/s is more than ${1 / MIN_FACTOR}× what the live client paces (${rate(maxRatePerSec)}/s). Lower the rate, or give --speed a factor below 1.`,
    };
  }
  const bound = byTtl < byRate ? `no TTL sped up below ${MIN_SCALED_TTL_MS / 1000} s` : `the client paces at most ${rate(maxRatePerSec)} requests/s and the plan peaks at ${rate(peakRatePerSec(plan))}/s`;
  const note = `--speed max ran the plan at ${formatSpeed(factor)}, the fastest pace that keeps Redis's clock on the plan's (the TTLs of ${named} run out within its traffic; ${bound}).`;
  return { ok: true, scale: scaled(plan, 'max', factor, [note]) };
}

function scaled(plan: RunPlan, requested: SpeedRequest, factor: number, notes: string[]): TimeScale {
  return { requested, speed: factor, plan: factor === 1 ? plan : scalePlan(plan, factor), notes: [...notes, ...scalingNotes(plan, factor)] };
}

function rate(perSec: number): string {
  return Math.round(perSec).toLocaleString('en-US');
}

function seconds(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1000).toFixed(1)} s`;
}
