/**
 * The design diff's host work: read one side's design (the open text, its saved file or shipped
 * preset, another workspace file, the design a run kept) and run both designs on the simulator
 * with one seed and budget, through the host's run queue. Part of the commands object.
 */
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import { runIdOf } from '../design/design-diff';
import type { DiffSide, DiffSourceId } from '../design/design-diff';

interface DiffCommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  loadRecord(runId: string, force?: boolean): Promise<void>;
  refreshHistory(): Promise<void>;
}

/** The seed and request budget both designs run with (absent: each design's own, as `keyspace diff` without flags). */
export interface PairSettings {
  seed?: number;
  requests?: number;
}

export function createDiffCommands({ api, store, loadRecord, refreshHistory }: DiffCommandDeps) {
  const state = () => store.getState();
  return {
    /** One side's design text; throws with a message a person can act on. */
    async readDiffSide(source: DiffSourceId, filePath: string): Promise<DiffSide> {
      const s = state();
      if (source === 'open') return { label: `${s.name} (open)`, text: s.text };
      if (source === 'file') {
        if (filePath.trim() === '') throw new Error('Type the path of a design file in the workspace');
        const doc = await api.readProject({ path: filePath.trim() });
        return { label: doc.path ?? filePath, text: doc.text };
      }
      if (source === 'saved') {
        if (s.path) return { label: s.path, text: (await api.readProject({ path: s.path })).text };
        if (s.presetId) return { label: `preset ${s.presetId}`, text: (await api.openPreset({ id: s.presetId })).text };
        throw new Error('The open design has not been saved yet');
      }
      const runId = runIdOf(source) ?? '';
      await loadRecord(runId);
      const loaded = state().records[runId];
      if (loaded?.status === 'error') throw new Error(loaded.message);
      if (loaded?.status !== 'ready') throw new Error(`The run ${runId} is not loaded`);
      if (!loaded.value.designText) throw new Error(`The run "${loaded.value.summary.label}" was recorded before runs kept their design`);
      return { label: `run ${loaded.value.summary.label}`, text: loaded.value.designText };
    },
    /** Starts both designs on the simulator (queued like any run); their run ids, first and second. */
    async runDiffPair(a: DiffSide, b: DiffSide, settings: PairSettings): Promise<{ a: string; b: string }> {
      const start = (side: DiffSide, which: string) => api.startRun({
        text: side.text, engine: 'sim', ...settings, set: [], label: `diff ${which}: ${side.label}`.slice(0, 200),
      });
      const first = await start(a, 'A');
      const second = await start(b, 'B');
      void refreshHistory();
      return { a: first.runId, b: second.runId };
    },
  };
}
