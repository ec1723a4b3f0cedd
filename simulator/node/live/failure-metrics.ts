/**
 * The `failures` section of a live RunResult, from what the run measured: each event's window
 * runs from when it was executed to the next event (or the end of the run).
 * - unavailableMs: from the first connection drop in the window to the last reconnect (a gap
 *   still open at the end counts to the end of the window);
 * - errors: requests whose time came while the data connection was down (not sent), plus one per
 *   drop for the commands in flight; fellThrough or failedRequests get them per client.onRedisError
 *   (the live run does not send them to the origin: the origin is the simulator's model);
 * - keysLost: the key census before the event minus the one when a primary answered again;
 * - staleReads: stale reads in the window above the rate of the 2 s before the event;
 * - hit ratios and origin peak from the series (window hit ratio, origin queries per second):
 *   before = the 2 s before the event; min and origin peak over 500 ms buckets from when Redis
 *   answers again (the outage itself is in errors/fellThrough, not in the dip); recoveryMs = from
 *   the event to the end of the first bucket back within 1 pp (to the reconnect if there was no dip).
 */
import type { FailureMetrics } from '../../model/failure-schema';
import { DIP_BEFORE_MS, dipOf, seriesBetween, type LiveGap, type Snapshot } from '../../run';
import type { FailureRecord } from './failure-driver';
import type { LiveFailureScenario } from './failure-scenario';

type FailureEvent = FailureMetrics['events'][number];

function eventMetrics(record: FailureRecord, endMs: number, input: MetricsInput): FailureEvent {
  const { series, gaps } = input;
  const start = record.firedAtMs;
  const inWindow = gaps.filter((g) => g.startMs >= start - 1 && g.startMs < endMs);
  const backMs = inWindow.length === 0 ? start : Math.max(...inWindow.map((g) => g.endMs ?? endMs));
  const unavailableMs = inWindow.length === 0 ? 0 : backMs - inWindow[0].startMs;
  const errors = inWindow.reduce((sum, g) => sum + g.droppedRequests + 1, 0);
  const dip = dipOf(series, start, backMs, endMs);
  const staleBefore = seriesBetween(series, start - DIP_BEFORE_MS, start).stale;
  const staleAfter = seriesBetween(series, start, endMs).stale;
  const onRedisError = input.scenario.onRedisError;
  return {
    kind: record.kind,
    atMs: record.atMs,
    unavailableMs,
    errors,
    failedRequests: onRedisError === 'fail' ? errors : 0,
    fellThrough: onRedisError === 'origin' ? errors : 0,
    keysLost: record.keysBefore !== null && record.keysAfter !== null ? Math.max(0, record.keysBefore - record.keysAfter) : 0,
    staleReads: Math.max(0, Math.round(staleAfter - (staleBefore / DIP_BEFORE_MS) * (endMs - start))),
    ...dip,
  };
}

/** What the measurements suggest, in words a designer acts on. */
function recommend(events: readonly FailureEvent[], scenario: LiveFailureScenario): string[] {
  const lines: string[] = [];
  const lost = events.reduce((sum, e) => sum + e.keysLost, 0);
  if (lost > 0 && scenario.persistence.mode === 'none' && scenario.replicas === 0) {
    lines.push(`${lost} keys were lost: with persistence none and no replica a restart starts empty; RDB or AOF everysec (or a replica) keeps the cache warm.`);
  }
  const dips = events.filter((e) => e.hitRatioBefore - e.hitRatioMin > 0.1);
  if (dips.length > 0) {
    const worst = dips.reduce((a, b) => (b.hitRatioBefore - b.hitRatioMin > a.hitRatioBefore - a.hitRatioMin ? b : a));
    lines.push(`The hit ratio fell from ${(worst.hitRatioBefore * 100).toFixed(1)} % to ${(worst.hitRatioMin * 100).toFixed(1)} % after ${worst.kind}: prewarm the critical namespaces on recovery (recovery.warmup) to spare the origin ${Math.round(worst.originPeakQps)} queries/s.`);
  }
  const sentinel = scenario.sentinel;
  const slow = events.filter((e) => sentinel && e.kind === 'sentinel-failover' && e.unavailableMs > 2 * sentinel.downAfterMs + 3000);
  if (slow.length > 0) lines.push(`Failover took ${Math.round(slow[0].unavailableMs)} ms; down-after-milliseconds ${sentinel?.downAfterMs} bounds how soon it can start.`);
  return lines;
}

export interface MetricsInput {
  records: readonly FailureRecord[];
  series: readonly Snapshot[];
  snapshotIntervalMs: number;
  gaps: readonly LiveGap[];
  durationMs: number;
  scenario: LiveFailureScenario;
  forkHeadroomBytes?: number;
}

export function liveFailureMetrics(input: MetricsInput): FailureMetrics {
  const { records, durationMs, scenario } = input;
  const events = records.map((record, i) => eventMetrics(record, records[i + 1]?.firedAtMs ?? durationMs, input));
  return {
    events,
    ...(input.forkHeadroomBytes !== undefined ? { forkHeadroomBytes: input.forkHeadroomBytes } : {}),
    recommendations: [...recommend(events, scenario), ...records.flatMap((r) => (r.problem ? [`${r.kind} at ${Math.round(r.atMs)} ms: ${r.problem}`] : []))],
  };
}
