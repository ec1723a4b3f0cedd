/**
 * Runs: the history, the run being watched, its progress, its live snapshots and the finished
 * records. Live snapshots arrive in batches (one per animation frame, see frame-batcher.ts) and
 * are appended in place to an append-only array; `count` is what components subscribe to, so a
 * burst of snapshots costs one render, not one per snapshot.
 */
import type { StateCreator } from 'zustand';
import { markRun, RUN_MARKS } from '../../../electron/common';
import type { EngineChoice, RunSummary } from '../../../electron/common';
import type { EventPayload, MethodOutput } from '../../../electron/common';
import type { Snapshot } from '../../../simulator/run';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

export type RunProgress = EventPayload<'onDidRunProgress'>['progress'];
export type RunRecord = MethodOutput<'getRun'>;

/** A run's snapshots as they stream in; `snapshots` only grows, `count` changes with it. */
export interface LiveSeries {
  snapshots: Snapshot[];
  count: number;
}

export interface RunOptions {
  engine: EngineChoice;
  /** Empty: the design's defaultEnvironment. */
  environment: string;
  /** Empty: the design's traffic.seed. */
  seed: string;
  /** Empty: the plan's own request count. */
  requests: string;
  connectionId: string;
  /** Live and fidelity runs: 'auto', a factor ('1', '10') or 'max', read by run/time-scale.ts's parseSpeed. */
  speed: string;
  /** A new managed cluster's masters, as typed (1 … 16). */
  shards: string;
  /** Engines managed/managed-cluster: a server started in Servers to run on; empty: a new one for the run. */
  managedServerId: string;
  /** Engine container: the image as typed; empty: redis:7. */
  image: string;
}

export interface RunsState {
  history: Loadable<RunSummary[]>;
  /** The run the Run view shows (running or finished). */
  activeRunId: string | null;
  /** Between pressing Run and the host answering with a run id. */
  starting: boolean;
  startError: string | null;
  /** The run shown before Run was pressed: shown again if the new one does not start. */
  shownBeforeStart: string | null;
  progress: Record<string, RunProgress>;
  /** Queued runs' places in line (1 = next; 0 = it left the line and is starting). */
  queuePosition: Record<string, number>;
  live: Record<string, LiveSeries>;
  records: Record<string, Loadable<RunRecord>>;
  /** Summaries of runs that ended while we watched (before the history is reloaded). */
  ended: Record<string, RunSummary>;
  runOptions: RunOptions;
  /** When (caller's clock, ms) each run's first snapshot arrived: the first-frame latency. */
  firstSnapshotAtMs: Record<string, number>;
  /** When (caller's clock, ms) each run's first and latest progress arrived: a local ETA. */
  progressClock: Record<string, { firstAtMs: number; firstDone: number; atMs: number }>;
}

export interface RunsActions {
  setRunOptions(options: Partial<RunOptions>): void;
  runStarting(): void;
  runStarted(runId: string): void;
  runFailedToStart(message: string): void;
  showRun(runId: string | null): void;
  receiveProgress(runId: string, progress: RunProgress, nowMs: number): void;
  receiveQueued(runId: string, position: number): void;
  /** One batch of snapshots (in arrival order), with the time the batch was flushed. */
  receiveSnapshots(batch: ReadonlyArray<{ runId: string; snapshot: Snapshot }>, nowMs: number): void;
  receiveRunEnd(summary: RunSummary): void;
  setHistory(history: Loadable<RunSummary[]>): void;
  setRecord(runId: string, record: Loadable<RunRecord>): void;
  /** A summary the host changed (a new name): history, ended runs and the loaded record follow. */
  updateRunSummary(summary: RunSummary): void;
  /** A run the host deleted: gone from the history, the records, the comparison and the Run view. */
  removeRun(runId: string): void;
}

export type RunsSlice = RunsState & RunsActions;

export const initialRuns: RunsState = {
  history: IDLE, activeRunId: null, starting: false, startError: null, shownBeforeStart: null, progress: {}, queuePosition: {}, live: {}, records: {}, ended: {},
  runOptions: { engine: 'sim', environment: '', seed: '', requests: '', connectionId: '', speed: 'auto', shards: '3', managedServerId: '', image: '' },
  firstSnapshotAtMs: {}, progressClock: {},
};

export const createRunsSlice: StateCreator<Store, [], [], RunsSlice> = (set, get) => ({
  ...initialRuns,
  setRunOptions(options) {
    set({ runOptions: { ...get().runOptions, ...options } });
  },
  runStarting() {
    // The previous run's charts must not stand in for the new run's first frame.
    set({ starting: true, startError: null, activeRunId: null, shownBeforeStart: get().activeRunId ?? get().shownBeforeStart });
  },
  runStarted(runId) {
    const live = get().live[runId] ? get().live : { ...get().live, [runId]: { snapshots: [], count: 0 } };
    set({ starting: false, activeRunId: runId, live, shownBeforeStart: null });
  },
  runFailedToStart(message) {
    // The results pane keeps what it showed before; the reason shows above it.
    set({ starting: false, startError: message, activeRunId: get().shownBeforeStart, shownBeforeStart: null });
  },
  showRun(runId) {
    // A start failure belongs to the run view it happened in, not to the run shown next.
    set({ activeRunId: runId, startError: null, shownBeforeStart: null });
  },
  receiveProgress(runId, progress, nowMs) {
    const clock = get().progressClock[runId];
    const next = clock ? { ...clock, atMs: nowMs } : { firstAtMs: nowMs, firstDone: progress.done, atMs: nowMs };
    set({ progress: { ...get().progress, [runId]: progress }, progressClock: { ...get().progressClock, [runId]: next } });
  },
  receiveQueued(runId, position) {
    set({ queuePosition: { ...get().queuePosition, [runId]: position } });
  },
  receiveSnapshots(batch, nowMs) {
    if (batch.length === 0) return;
    const live = { ...get().live };
    const first = { ...get().firstSnapshotAtMs };
    for (const { runId, snapshot } of batch) {
      const series = live[runId] ?? { snapshots: [], count: 0 };
      series.snapshots.push(snapshot);
      live[runId] = series;
      if (first[runId] === undefined) {
        first[runId] = nowMs;
        markRun(performance, RUN_MARKS.storeSnapshot);
      }
    }
    // A new object per touched run: subscribers to live[runId] see the change once per batch.
    for (const runId of new Set(batch.map((item) => item.runId))) {
      live[runId] = { snapshots: live[runId].snapshots, count: live[runId].snapshots.length };
    }
    set({ live, firstSnapshotAtMs: first });
  },
  receiveRunEnd(summary) {
    set({ ended: { ...get().ended, [summary.runId]: summary } });
    const history = get().history;
    if (history.status === 'ready') {
      const others = history.value.filter((run) => run.runId !== summary.runId);
      set({ history: { status: 'ready', value: [summary, ...others] } });
    }
  },
  setHistory(history) {
    set({ history });
  },
  setRecord(runId, record) {
    set({ records: { ...get().records, [runId]: record } });
  },
  updateRunSummary(summary) {
    const { history, ended, records } = get();
    const runId = summary.runId;
    const record = records[runId];
    set({
      history: history.status === 'ready' ? { status: 'ready', value: history.value.map((run) => (run.runId === runId ? summary : run)) } : history,
      ended: ended[runId] ? { ...ended, [runId]: summary } : ended,
      records: record?.status === 'ready' ? { ...records, [runId]: { status: 'ready', value: { ...record.value, summary } } } : records,
    });
  },
  removeRun(runId) {
    const { history, ended, records, live, progress, selected, activeRunId, shownBeforeStart } = get();
    const without = <T,>(map: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(map).filter(([id]) => id !== runId));
    set({
      history: history.status === 'ready' ? { status: 'ready', value: history.value.filter((run) => run.runId !== runId) } : history,
      ended: without(ended), records: without(records), live: without(live), progress: without(progress),
      selected: selected.filter((id) => id !== runId),
      activeRunId: activeRunId === runId ? null : activeRunId,
      shownBeforeStart: shownBeforeStart === runId ? null : shownBeforeStart,
    });
  },
});
