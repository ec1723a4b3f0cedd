/**
 * What the user does in the Compare view: vary one parameter of the open design (each value a run,
 * queued on the host, made with the view's own settings), cancel the compared runs still going, and
 * load miss-ratio curves (the open design's, and each compared run's own design's). Part of the
 * commands object.
 */
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import { curveGroups, selectGoingCompared } from '../store/compare/selectors';
import { varyRunInput, varySets } from '../store/compare/slice';

interface CompareCommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  messageOf: (error: unknown) => string;
  refreshHistory: () => Promise<void>;
  fail: (what: string) => (error: unknown) => void;
}

export function createCompareCommands({ api, store, messageOf, refreshHistory, fail }: CompareCommandDeps) {
  const state = () => store.getState();
  return {
    /** Runs the design once per value of one field, with the Compare view's settings; the runs are then compared. */
    async vary() {
      const parsed = varySets(state().vary);
      const settings = varyRunInput(state().varySettings);
      if (!parsed.ok || !settings.ok) {
        state().setVaryError(!parsed.ok ? parsed.error : settings.ok ? null : settings.error);
        return;
      }
      const ids: string[] = [];
      for (const run of parsed.runs) {
        try {
          const { runId } = await api.startRun({ text: state().text, ...settings.input, set: run.set, label: run.label });
          ids.push(runId);
        } catch (error) {
          state().setVaryError(`${run.label}: ${messageOf(error)}`);
          break;
        }
      }
      if (ids.length > 0) state().setCompared(ids);
      await refreshHistory();
    },
    /** Stops every compared run still waiting or running. */
    async cancelCompared() {
      const going = selectGoingCompared(state());
      await Promise.all(going.map((runId) => api.cancelRun({ runId }).catch(fail('Could not cancel a run'))));
    },
    async loadCurve() {
      state().setCurve({ status: 'loading' });
      try {
        const environment = state().runOptions.environment || undefined;
        state().setCurve({ status: 'ready', value: await api.missRatioCurve({ text: state().text, environment }) });
      } catch (error) {
        state().setCurve({ status: 'error', message: messageOf(error) });
      }
    },
    /** The curve of each compared, finished run's own design not yet asked for (`force`: asked again). */
    async loadRunCurves(runs: Parameters<typeof curveGroups>[0], force = false) {
      const groups = curveGroups(runs, {}).filter((group) => force || state().runCurves[group.keys[0]] === undefined);
      await Promise.all(groups.map(async (group) => {
        const key = group.keys[0];
        state().setRunCurve(key, { status: 'loading' });
        try {
          state().setRunCurve(key, { status: 'ready', value: await api.runCurve({ runId: group.runId }) });
        } catch (error) {
          state().setRunCurve(key, { status: 'error', message: messageOf(error) });
        }
      }));
    },
  };
}
