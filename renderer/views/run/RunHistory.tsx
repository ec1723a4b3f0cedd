/** The run history: every run the host knows, newest first; show one, or pick runs to compare. */
import type { RunSummary } from '../../../electron/common';
import { formatMs, formatPercent } from '../../format';
import { store, useStore } from '../../store';
import { selectCompared } from '../../store/compare/selectors';
import { selectActiveRunId, selectHistory } from '../../store/runs/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { ENGINE_LABELS } from './RunOptions';
import { TargetsBadge } from './Targets';

export function describeRun(run: RunSummary): string {
  const started = /T(\d\d:\d\d:\d\d)/.exec(run.startedAt)?.[1];
  const seed = run.provenance ? `, seed ${run.provenance.seed}` : '';
  return `${run.status}${started ? ` at ${started} UTC` : ''}, ${ENGINE_LABELS[run.engine] ?? run.engine}, ${run.environment}${seed}, hit ratio ${formatPercent(run.hitRatio)}, p95 ${formatMs(run.p95Ms)}`;
}

export function RunHistory({ mode }: { mode: 'show' | 'compare' }) {
  const commands = useCommands();
  const history = useStore(selectHistory);
  const active = useStore(selectActiveRunId);
  const compared = useStore(selectCompared);
  if (history.status === 'idle' || history.status === 'loading') return <LoadingState label="Loading the run history…" />;
  if (history.status === 'error') {
    return <ErrorState title="Could not load the run history" message={history.message}><button type="button" onClick={() => void commands.refreshHistory()}>Try again</button></ErrorState>;
  }
  if (history.value.length === 0) return <EmptyState title="No runs yet">Press Run (Ctrl+Enter) to run the design.</EmptyState>;
  return (
    <ul className="history" aria-label="Run history">
      {history.value.map((run) => (
        <li key={run.runId} className={run.runId === active && mode === 'show' ? 'current' : undefined}>
          {mode === 'compare' ? (
            <label className="history-pick">
              <input type="checkbox" checked={compared.includes(run.runId)} onChange={() => store.getState().toggleCompared(run.runId)} disabled={run.status === 'running'} />
              <span className="history-label">{run.label}</span>
            </label>
          ) : (
            <button type="button" className="link history-label" aria-current={run.runId === active ? 'true' : undefined}
              onClick={() => {
                store.getState().showRun(run.runId);
                void commands.loadRecord(run.runId);
              }}>
              {run.label}
            </button>
          )}
          <span className="muted small">{describeRun(run)} <TargetsBadge targets={run.targets} /></span>
          {run.error ? <span className="warn-text small">{run.error}</span> : null}
        </li>
      ))}
    </ul>
  );
}
