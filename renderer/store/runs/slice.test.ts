import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '..';
import type { Snapshot } from '../../../simulator/run';
import { createFrameBatcher } from './frame-batcher';
import { etaMs, progressFraction, selectActiveLive, selectActiveQueuePosition, selectActiveStatus, selectIsRunning } from './selectors';

const snapshot = (tMs: number) => ({ tMs, hitRatio: 0.5 }) as unknown as Snapshot;
const summary = (runId: string, status: 'done' | 'cancelled') => ({
  runId, label: 'r', designName: 'd', environment: 'prod', engine: 'sim' as const, status, startedAt: '2026-01-01T00:00:00Z',
  hitRatio: 0.8, p95Ms: 12, error: null,
});

describe('runs slice', () => {
  it('given a started run, then it is active and running until its end event', () => {
    const store = createWorkbenchStore();
    store.getState().runStarting();
    expect(selectActiveStatus(store.getState())).toBe('starting');
    store.getState().runStarted('r1');
    expect(selectIsRunning(store.getState())).toBe(true);
    store.getState().receiveRunEnd(summary('r1', 'cancelled'));
    expect(selectActiveStatus(store.getState())).toBe('cancelled');
  });

  it('shows a queued run as queued with its place until the host says it left the line', () => {
    const store = createWorkbenchStore();
    store.getState().runStarting();
    store.getState().receiveQueued('r1', 3); // the event can arrive before startRun answers
    store.getState().runStarted('r1');
    expect(selectActiveStatus(store.getState())).toBe('queued');
    expect(selectActiveQueuePosition(store.getState())).toBe(3);
    expect(selectIsRunning(store.getState())).toBe(true); // Stop (Cancel) applies
    store.getState().receiveQueued('r1', 1);
    expect(selectActiveQueuePosition(store.getState())).toBe(1);
    store.getState().receiveQueued('r1', 0);
    expect(selectActiveStatus(store.getState())).toBe('running');
    expect(selectActiveQueuePosition(store.getState())).toBeNull();
  });

  it('given a run shown, when the next run does not start, then the Run view shows the previous run again with the reason', () => {
    const store = createWorkbenchStore();
    store.getState().runStarted('r1');
    store.getState().receiveRunEnd(summary('r1', 'done'));
    store.getState().runStarting();
    expect(store.getState().activeRunId).toBeNull();
    store.getState().runFailedToStart('No run r2: the host refused it');
    expect(store.getState()).toMatchObject({ activeRunId: 'r1', startError: 'No run r2: the host refused it', starting: false });
    expect(selectActiveStatus(store.getState())).toBe('done');
    // A run that starts replaces it for good: a later failure has nothing earlier to go back to.
    store.getState().runStarting();
    store.getState().runStarted('r2');
    store.getState().runStarting();
    store.getState().removeRun('r2');
    store.getState().runFailedToStart('refused');
    expect(store.getState().activeRunId).toBeNull();
  });

  it('appends a batch of snapshots with one state change and records the first frame time', () => {
    const store = createWorkbenchStore();
    store.getState().runStarted('r1');
    let changes = 0;
    store.subscribe(() => changes++);
    store.getState().receiveSnapshots([1, 2, 3].map((t) => ({ runId: 'r1', snapshot: snapshot(t) })), 1234);
    expect(changes).toBe(1);
    expect(selectActiveLive(store.getState()).count).toBe(3);
    expect(store.getState().firstSnapshotAtMs.r1).toBe(1234);
    store.getState().receiveSnapshots([{ runId: 'r1', snapshot: snapshot(4) }], 2000);
    expect(selectActiveLive(store.getState()).snapshots.map((s) => s.tMs)).toEqual([1, 2, 3, 4]);
    expect(store.getState().firstSnapshotAtMs.r1).toBe(1234);
  });

  it('keeps snapshots that arrive before startRun answers', () => {
    const store = createWorkbenchStore();
    store.getState().receiveSnapshots([{ runId: 'early', snapshot: snapshot(1) }], 0);
    store.getState().runStarted('early');
    expect(selectActiveLive(store.getState()).count).toBe(1);
  });

  it('puts an ended run at the top of a loaded history', () => {
    const store = createWorkbenchStore();
    store.getState().setHistory({ status: 'ready', value: [summary('old', 'done')] });
    store.getState().receiveRunEnd(summary('new', 'done'));
    const history = store.getState().history;
    expect(history.status === 'ready' && history.value.map((r) => r.runId)).toEqual(['new', 'old']);
  });

  it('estimates time left from the host or from the progress rate', () => {
    const store = createWorkbenchStore();
    store.getState().receiveProgress('r', { done: 10, total: 110, phase: 'p', tMs: 0, etaMs: null }, 1000);
    store.getState().receiveProgress('r', { done: 60, total: 110, phase: 'p', tMs: 0, etaMs: null }, 2000);
    const s = store.getState();
    expect(etaMs(s.progress.r, s.progressClock.r)).toBe(1000);
    expect(etaMs({ ...s.progress.r, etaMs: 42 }, s.progressClock.r)).toBe(42);
  });

  it('computes the fraction done', () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ done: 25, total: 100, phase: 'p', tMs: 0, etaMs: null })).toBe(0.25);
  });
});

describe('frame batcher', () => {
  it('delivers everything pushed within a frame at once', () => {
    const frames: Array<() => void> = [];
    const delivered: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => delivered.push(items), (callback) => frames.push(callback));
    for (let i = 0; i < 1000; i++) batcher.push(i);
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toHaveLength(1000);
    batcher.push(1);
    batcher.flush();
    expect(delivered).toHaveLength(2);
    frames[1]();
    expect(delivered).toHaveLength(2);
  });

  it('given a renamed run, then the history, the ended run and its loaded record carry the new name', () => {
    const store = createWorkbenchStore();
    store.getState().setHistory({ status: 'ready', value: [summary('r1', 'done'), summary('r2', 'done')] });
    store.getState().receiveRunEnd(summary('r1', 'done'));
    store.getState().setRecord('r1', { status: 'ready', value: { summary: summary('r1', 'done'), result: null, fidelity: null } });
    store.getState().updateRunSummary({ ...summary('r1', 'done'), label: 'renamed' });
    const state = store.getState();
    expect(state.history.status === 'ready' && state.history.value.map((r) => r.label)).toEqual(['renamed', 'r']);
    expect(state.ended.r1.label).toBe('renamed');
    expect(state.records.r1.status === 'ready' && state.records.r1.value.summary.label).toBe('renamed');
  });

  it('given a deleted run, then it leaves the history, the records, the comparison and the Run view', () => {
    const store = createWorkbenchStore();
    store.getState().setHistory({ status: 'ready', value: [summary('r1', 'done'), summary('r2', 'done')] });
    store.getState().runStarted('r1');
    store.getState().setCompared(['r1', 'r2']);
    store.getState().setRecord('r1', { status: 'ready', value: { summary: summary('r1', 'done'), result: null, fidelity: null } });
    store.getState().removeRun('r1');
    const state = store.getState();
    expect(state.history.status === 'ready' && state.history.value.map((r) => r.runId)).toEqual(['r2']);
    expect(state.records.r1).toBeUndefined();
    expect(state.live.r1).toBeUndefined();
    expect(state.selected).toEqual(['r2']);
    expect(state.activeRunId).toBeNull();
  });
});
