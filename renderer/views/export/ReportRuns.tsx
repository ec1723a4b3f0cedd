/**
 * Which runs the review report (report.html, report.md) includes: finished runs with a result,
 * ticked in a list; by default the runs being compared, else the run shown in the Run view.
 */
import { useStore } from '../../store';
import { selectHistory } from '../../store/runs/selectors';
import { describeRun } from '../run/RunHistory';
import { TargetsBadge } from '../run/Targets';
import { reportableRuns } from './report-runs';

export function ReportRuns({ selected, onChange }: { selected: string[]; onChange(runIds: string[]): void }) {
  const history = useStore(selectHistory);
  const runs = reportableRuns(history);
  const toggle = (runId: string) => onChange(selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId]);
  return (
    <details className="report-runs" open>
      <summary>Runs in the report ({selected.length})</summary>
      {runs.length === 0 ? <p className="help">No finished run yet: run the design, then tick it here to put its results and charts in report.html and report.md.</p> : (
        <ul className="history" aria-label="Runs in the report">
          {runs.map((run) => (
            <li key={run.runId}>
              <label className="history-pick">
                <input type="checkbox" checked={selected.includes(run.runId)} onChange={() => toggle(run.runId)} />
                <span className="history-label">{run.label}</span>
              </label>
              <span className="muted small">{describeRun(run)} <TargetsBadge targets={run.targets} /></span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
