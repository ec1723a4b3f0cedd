/**
 * Traffic shape and invalidation from a profile: steady phases that follow the recorded request
 * rate, and pattern deletes (a burst of deletes of one namespace right after the delete of a key
 * of another, as `delete-pattern` rules do) told apart from single invalidations.
 */
import { globMatchesNamespace } from '../../model';
import type { NamespaceEstimate } from './estimates';
import type { TraceProfile } from './profile';

export interface InferredPhase {
  name: string;
  ratePerSec: number;
  durationSec: number;
}

/** Phases whose rates differ from their neighbours' by more than this share stay apart. */
const RATE_TOLERANCE = 0.2;
const MAX_PHASES = 8;

/** Steady phases over windows of the per-second request counts (one phase when the rate is flat). */
export function inferPhases(profile: TraceProfile): InferredPhase[] {
  const perSecond = profile.requestsPerSecond();
  const durationSec = Math.max(1, profile.durationSec);
  let total = 0;
  for (const n of perSecond) total += n;
  const mean = total / durationSec;
  const flat = [{ name: 'recorded', ratePerSec: mean, durationSec }];
  if (perSecond.length < 20) return flat;
  // Windows of at least 5 s, about 60 of them.
  const window = Math.max(5, Math.ceil(perSecond.length / 60));
  const rates: number[] = [];
  // A last window shorter than the others joins the one before it.
  const whole = Math.max(1, Math.floor(perSecond.length / window));
  for (let w = 0; w < whole; w++) {
    const s = w * window;
    const end = w === whole - 1 ? perSecond.length : s + window;
    let sum = 0;
    for (let i = s; i < end; i++) sum += perSecond[i];
    rates.push(sum / (end - s));
  }
  const phases: Array<{ sum: number; windows: number }> = [];
  for (const rate of rates) {
    const last = phases[phases.length - 1];
    if (last && Math.abs(rate - last.sum / last.windows) <= RATE_TOLERANCE * Math.max(1e-9, last.sum / last.windows)) {
      last.sum += rate;
      last.windows++;
    } else {
      phases.push({ sum: rate, windows: 1 });
    }
  }
  if (phases.length === 1 || phases.length > MAX_PHASES) return flat;
  // Scale durations so that the phases cover the trace exactly (the last window may be short).
  const covered = phases.reduce((sum, p) => sum + p.windows, 0);
  return phases.map((p, i) => ({ name: `recorded ${i + 1}`, ratePerSec: p.sum / p.windows, durationSec: (p.windows * durationSec) / covered }));
}

/** Deletes of one namespace triggering pattern deletes of another. */
export interface PatternDeleteRule {
  /** Namespace index whose delete comes first (the entity written). */
  on: number;
  /** Namespace index whose keys are deleted in bulk. */
  target: number;
  /** Glob of the target keys (`products:list:*`). */
  glob: string;
  /** Bursts seen. */
  bursts: number;
  /** Deletes of the target those bursts explain. */
  explained: number;
}

/** Deletes this close together belong to one burst, which lasts at most BURST_SPAN_US. */
const BURST_GAP_US = 2000;
const BURST_SPAN_US = 20_000;
/** A burst deletes at least this many keys of its target namespace. */
const MIN_BURST_KEYS = 3;

/**
 * Finds delete-pattern rules: bursts (deletes at most 2 ms apart, 20 ms in all) that start with
 * the only delete of a namespace A and hold at least 3 of a namespace B; a rule A → B when such
 * bursts explain at least half of B's deletes and a glob of B's literal prefix does not cover A.
 */
export function inferPatternDeletes(profile: TraceProfile, namespaceOf: Int32Array, estimates: NamespaceEstimate[]): PatternDeleteRule[] {
  const { keyIds, timesUs } = profile.deleteEvents();
  const n = estimates.length;
  const votes = new Map<string, { bursts: number; explained: number }>();
  const perNs = new Int32Array(n + 1);
  let start = 0;
  while (start < keyIds.length) {
    let end = start + 1;
    while (end < keyIds.length && timesUs[end] - timesUs[end - 1] <= BURST_GAP_US && timesUs[end] - timesUs[start] <= BURST_SPAN_US) end++;
    if (end - start >= MIN_BURST_KEYS + 1) {
      perNs.fill(0);
      for (let i = start; i < end; i++) {
        const ns = namespaceOf[keyIds[i]];
        if (ns >= 0) perNs[ns]++;
      }
      const triggers: number[] = [];
      const targets: number[] = [];
      for (let ns = 0; ns < n; ns++) {
        if (perNs[ns] === 1) triggers.push(ns);
        else if (perNs[ns] >= MIN_BURST_KEYS) targets.push(ns);
      }
      if (triggers.length === 1 && namespaceOf[keyIds[start]] === triggers[0]) {
        for (const target of targets) {
          const key = `${triggers[0]}>${target}`;
          const vote = votes.get(key) ?? { bursts: 0, explained: 0 };
          vote.bursts++;
          vote.explained += perNs[target];
          votes.set(key, vote);
        }
      }
    }
    start = end;
  }
  const rules: PatternDeleteRule[] = [];
  for (const [key, vote] of votes) {
    const [on, target] = key.split('>').map(Number);
    if (vote.explained < 0.5 * estimates[target].deletes) continue;
    const glob = literalPrefix(estimates[target].mined.pattern) + '*';
    if (globMatchesNamespace(glob, estimates[on].mined.pattern)) continue;
    rules.push({ on, target, glob, bursts: vote.bursts, explained: vote.explained });
  }
  return rules;
}

function literalPrefix(pattern: string): string {
  const brace = pattern.indexOf('{');
  return brace < 0 ? pattern : pattern.slice(0, brace);
}
