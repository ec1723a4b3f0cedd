/**
 * Connects host events to the store: progress, snapshots (batched per frame), run ends, files the
 * OS opened, menu commands and the socket's state; and autosaves the design when it changes.
 */
import type { Disposable } from '../../electron/common';
import type { Snapshot } from '../../simulator/run';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import { createFrameBatcher } from '../store/runs/frame-batcher';
import type { Commands } from './commands';
import { baseName } from './drop';
import type { MenuCommand } from './shortcuts';

export interface WireDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  commands: Commands;
  /** A menu command; `path` is what the desktop app's native dialog chose (Save As file, export directory). */
  runMenuCommand: (command: MenuCommand, path?: string) => void;
  scheduleFrame: (callback: () => void) => void;
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  autosaveDelayMs?: number;
}

export function wireHost(deps: WireDeps): Disposable {
  const { api, store, commands } = deps;
  const state = () => store.getState();
  const batcher = createFrameBatcher<{ runId: string; snapshot: Snapshot }>(
    (items) => state().receiveSnapshots(items, deps.now()),
    deps.scheduleFrame,
  );
  let lost = false;
  const disposables: Disposable[] = [
    api.onDidRunQueued(({ runId, position }) => state().receiveQueued(runId, position)),
    api.onDidRunProgress(({ runId, progress }) => state().receiveProgress(runId, progress, deps.now())),
    // The payload was checked by the snapshot schema on arrival.
    api.onDidRunSnapshot(({ runId, snapshot }) => batcher.push({ runId, snapshot })),
    api.onDidRunEnd(({ runId, summary }) => {
      batcher.flush();
      state().receiveRunEnd(summary);
      if (summary.status === 'failed') commands.toast('error', `Run ${summary.label} failed: ${summary.error ?? 'no reason given'}`);
      void commands.loadRecord(runId, true);
    }),
    api.onDidOpenFile(({ kind, path }) => {
      if (kind === 'design') void commands.openPath(path);
      else commands.openRecording(path, baseName(path));
    }),
    api.onDidMenuCommand(({ command, path }) => deps.runMenuCommand(command, path)),
    api.onDidRoomShare((share) => state().setRoomShare(share)),
    api.onDidRoomBoardChange(() => commands.boardChanged()),
    api.onDidChangeConnection((link) => {
      state().setHostLink(link);
      // A lost socket retries through 'connecting': 'open' after any 'closed' is the host back.
      if (link === 'closed') lost = true;
      if (link === 'open' && lost) {
        lost = false;
        // The runs first (against the history as this tab last saw it), then the history anew.
        void commands.settleRuns().finally(() => void commands.refreshHistory());
        const active = state().activeRunId;
        if (active) void commands.loadRecord(active, true);
      }
    }),
  ];

  let timer: unknown = null;
  const unsubscribe = store.subscribe((s) => s.text, () => {
    const s = state();
    if (!s.open || s.text === s.savedText) return;
    if (timer !== null) deps.clearTimer(timer);
    timer = deps.setTimer(() => {
      timer = null;
      void commands.autosave();
    }, deps.autosaveDelayMs ?? 1000);
  });
  disposables.push(unsubscribe);

  return () => {
    if (timer !== null) deps.clearTimer(timer);
    disposables.forEach((dispose) => dispose());
  };
}
