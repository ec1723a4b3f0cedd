/** Named selectors of the runs slice. */
import type { RunSummary } from '../../../electron/common';
import type { Store } from '../types';
import type { LiveSeries, RunProgress } from './slice';

const EMPTY_SERIES: LiveSeries = { snapshots: [], count: 0 };

export const selectActiveRunId = (s: Store) => s.activeRunId;
export const selectRunOptions = (s: Store) => s.runOptions;
export const selectHistory = (s: Store) => s.history;
export const selectStarting = (s: Store) => s.starting;
export const selectStartError = (s: Store) => s.startError;
export const selectRecords = (s: Store) => s.records;

export const selectActiveProgress = (s: Store): RunProgress | null => (s.activeRunId ? s.progress[s.activeRunId] ?? null : null);
export const selectActiveLive = (s: Store): LiveSeries => (s.activeRunId ? s.live[s.activeRunId] ?? EMPTY_SERIES : EMPTY_SERIES);
export const selectActiveRecord = (s: Store) => (s.activeRunId ? s.records[s.activeRunId] ?? null : null);

/**
 * The active run's status: running (or queued, while the host says it waits) until its end event
 * (or its record) says otherwise.
 */
export function selectActiveStatus(s: Store): 'none' | 'starting' | 'queued' | 'running' | 'done' | 'cancelled' | 'failed' {
  if (s.starting) return 'starting';
  const id = s.activeRunId;
  if (!id) return 'none';
  const ended = s.ended[id];
  if (ended) return ended.status;
  const place = s.queuePosition[id];
  if (place !== undefined && place > 0) return 'queued';
  // A record or summary read while the run waited goes stale once it starts (place 0).
  const fresh = (status: RunSummary['status']) => (status === 'queued' && place === 0 ? 'running' : status);
  const record = s.records[id];
  if (record?.status === 'ready') return fresh(record.value.summary.status);
  if (s.history.status === 'ready') {
    const summary = s.history.value.find((run) => run.runId === id);
    if (summary && summary.status !== 'running') return fresh(summary.status);
  }
  return 'running';
}

/** The active run's place in line while it waits (1 = next), else null. */
export const selectActiveQueuePosition = (s: Store): number | null => {
  const place = s.activeRunId ? s.queuePosition[s.activeRunId] : undefined;
  return place !== undefined && place > 0 ? place : null;
};

export const selectIsRunning = (s: Store) => {
  const status = selectActiveStatus(s);
  return status === 'running' || status === 'starting' || status === 'queued';
};

/** Fraction done of the active run, 0–1, or null before the first progress event. */
export function progressFraction(progress: RunProgress | null): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/**
 * Time left: the host's estimate when it gives one, else extrapolated from the progress made since
 * the first progress event (wall clock of the caller).
 */
export function etaMs(progress: RunProgress | null, clock: { firstAtMs: number; firstDone: number; atMs: number } | undefined): number | null {
  if (!progress) return null;
  if (progress.etaMs !== null) return progress.etaMs;
  if (!clock || progress.total <= 0) return null;
  const done = progress.done - clock.firstDone;
  const elapsed = clock.atMs - clock.firstAtMs;
  if (done <= 0 || elapsed <= 0) return null;
  return ((progress.total - progress.done) * elapsed) / done;
}

export const selectActiveProgressClock = (s: Store) => (s.activeRunId ? s.progressClock[s.activeRunId] : undefined);
