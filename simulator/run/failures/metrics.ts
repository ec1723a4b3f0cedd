/**
 * A run's `failures` result: per event what the window cost (errors, fall-through, keys lost,
 * stale reads), the hit ratio's dip and recovery and the origin's peak (dip.ts: the same
 * definition as the live engine's); the fork headroom; and the recommendations that follow.
 */
import type { FailureMetrics } from '../../model';
import type { RunResult } from '../result';
import type { EventState, FailureRun } from './failure-run';
import type { PlannedFailures } from './plan';
import { forkHeadroom } from './headroom';
import { dipOf } from './dip';

/** A recovery this much longer than the outage is a cold start worth a warm-up. */
const COLD_AFTER_MS = 2000;

type EventMetrics = FailureMetrics['events'][number];

export function failureMetrics(plan: PlannedFailures, run: FailureRun | null, result: RunResult): FailureMetrics {
  const events = run ? run.states.filter((s) => s.event.atMs < result.durationMs).map((state, i, all) => {
    const untilMs = i + 1 < all.length ? all[i + 1].event.atMs : result.durationMs;
    const stale = (i + 1 < all.length ? all[i + 1].staleAtStart : run.staleReads()) - state.staleAtStart;
    return eventMetrics(state, result.series, untilMs, stale);
  }) : [];
  const headroom = forkHeadroom(plan.persistence, result);
  const recommendations = [...eventRecommendations(plan, run?.states ?? [], events, result)];
  if (headroom) recommendations.push(headroom.recommendation);
  return { events, ...(headroom ? { forkHeadroomBytes: headroom.bytes } : {}), recommendations };
}

function eventMetrics(state: EventState, series: RunResult['series'], untilMs: number, staleReads: number): EventMetrics {
  const { event } = state;
  const backMs = Math.min(untilMs, state.windows[state.windows.length - 1].endMs);
  const errored = state.errors > 0;
  return {
    kind: event.kind,
    atMs: event.atMs,
    unavailableMs: errored ? state.lastErrorMs - state.firstErrorMs : 0,
    errors: state.errors,
    failedRequests: state.failedRequests,
    fellThrough: state.fellThrough,
    keysLost: state.keysLost,
    staleReads,
    // The dip is read from when Redis answers again, errors or not (a short outage may cost none).
    ...dipOf(series, event.atMs, backMs, untilMs),
  };
}

/**
 * What a warm-up should reload after an outage of `outageMs`: the namespaces whose TTL is shorter
 * (their keys expired meanwhile), or else every cached one (keys were lost); at a rate that reloads
 * their keys (as the run ended) in about 5 s.
 */
function warmupAdvice(result: RunResult, outageMs: number): string {
  const cached = result.namespaces.filter((ns) => ns.ttlMs !== 0);
  const expired = cached.filter((ns) => ns.ttlMs !== null && ns.ttlMs < outageMs);
  const chosen = expired.length > 0 ? expired : cached;
  const keys = chosen.reduce((total, ns) => total + ns.keys, 0);
  const rate = Math.max(100, Math.ceil(keys / 5 / 100) * 100);
  return `recovery.warmup: { namespaces: [${chosen.map((ns) => ns.name).join(', ')}], rate: ${rate}/s }`;
}

function* eventRecommendations(plan: PlannedFailures, states: EventState[], events: EventMetrics[], result: RunResult): Generator<string> {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (const [i, m] of events.entries()) {
    const state = states[i];
    const at = `${m.kind} at ${seconds(m.atMs)}`;
    // Cold: the hit ratio took over 2 s more than the outage itself to come back (keys lost, or expired meanwhile).
    const outageMs = state.windows[state.windows.length - 1].endMs - m.atMs;
    const cold = m.kind !== 'partition' && (m.recoveryMs === null || m.recoveryMs - outageMs > COLD_AFTER_MS);
    if (cold && !plan.warmup) {
      yield `${at}: the hit ratio fell from ${pct(m.hitRatioBefore)} to ${pct(m.hitRatioMin)} (${m.keysLost} keys lost by the failure; keys whose TTL ran out while Redis was away are gone too) and `
        + `${m.recoveryMs === null ? 'did not recover before the run ended' : `took ${seconds(m.recoveryMs)} to recover`}, with the origin at up to ${Math.round(m.originPeakQps)} queries/s: `
        + `prewarm the critical namespaces when Redis is back (${warmupAdvice(result, outageMs)}; check that the origin takes that rate on top of its load).`;
    }
    if (state.warmedKeys > 0 && plan.warmup) {
      yield `${at}: the warm-up reloaded ${state.warmedKeys} keys at ${plan.warmup.ratePerSec}/s in ${seconds(state.warmEndMs - state.windows[state.windows.length - 1].endMs)}, adding that load to the origin.`;
    }
    if (m.kind === 'primary-crash' && plan.persistence.mode === 'none' && m.keysLost > 0) {
      yield `${at}: with persistence none the restarted server is empty (${m.keysLost} keys lost); aof-everysec loses about 1 s of writes, rdb what came after the last snapshot.`;
    }
    if (m.failedRequests > 0) {
      yield `${at}: ${m.failedRequests} requests failed (client.onRedisError: fail); falling through to the origin (onRedisError: origin) serves them at the origin's cost.`;
    }
    if (m.kind !== 'primary-crash' && m.kind !== 'partition' && m.keysLost > 0) {
      yield `${at}: the promoted replica lacked the last writes (${m.keysLost} keys lost): WAIT 1 after each write keeps acknowledged writes.`;
    }
    if (m.staleReads > 0) {
      yield `${at}: ${m.staleReads} stale reads after it: cache updates and deletes sent while Redis was away were lost, or the keyspace came back older.`;
    }
  }
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
