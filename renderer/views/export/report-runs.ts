/** Which runs a review report can include, and which it includes until the user chooses. */
import type { RunSummary } from '../../../electron/common';
import type { Store } from '../../store';

/** Runs that have a result to report. */
export function reportableRuns(history: Store['history']): RunSummary[] {
  return history.status === 'ready' ? history.value.filter((run) => run.status !== 'running' && run.hitRatio !== null) : [];
}

/** The runs a report starts with: the compared ones that have a result, else the active one. */
export function defaultReportRuns(state: Pick<Store, 'history' | 'selected' | 'activeRunId'>): string[] {
  const ids = new Set(reportableRuns(state.history).map((run) => run.runId));
  const compared = state.selected.filter((id) => ids.has(id));
  if (compared.length > 0) return compared;
  return state.activeRunId && ids.has(state.activeRunId) ? [state.activeRunId] : [];
}
