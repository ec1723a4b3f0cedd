/**
 * The comparison table: first how each run was made (engine, seed, request budget, speed, design),
 * then the key metrics with their delta against the first run (the baseline), then the targets.
 * The first column stays in view while the table scrolls sideways under many runs.
 */
import type { RunSummary } from '../../../electron/common';
import type { RunResult } from '../../../simulator/run';
import { formatCount } from '../../format';
import { ENGINE_LABELS } from '../run/RunOptions';
import { targetDetail, targetVerdict } from '../run/run-record';
import { speedLabel } from '../run/speed';
import { COMPARE_METRICS, deltaTone, limiterRows } from './deltas';

export interface ComparedRun {
  runId: string;
  label: string;
  summary: RunSummary | undefined;
  result: RunResult;
}

/** Every target any of the runs was checked against, in first-seen order. */
function targetTexts(summaries: ReadonlyArray<RunSummary | undefined>): string[] {
  return [...new Set(summaries.flatMap((summary) => summary?.targets?.map((t) => t.text) ?? []))];
}

/** How a run was made, row by row: what the Compare view's settings asked, as the run recorded it. */
export const SETTING_ROWS: ReadonlyArray<{ name: string; value: (run: ComparedRun) => string }> = [
  { name: 'Engine', value: (run) => (run.summary ? ENGINE_LABELS[run.summary.engine] ?? run.summary.engine : run.result.engine) },
  { name: 'Environment', value: (run) => run.summary?.environment ?? '—' },
  { name: 'Seed', value: (run) => (run.summary?.provenance ? String(run.summary.provenance.seed) : '—') },
  {
    name: 'Request budget',
    value: (run) => {
      const asked = run.summary?.provenance?.requests;
      return asked === undefined ? 'not recorded' : asked === null ? "design's own" : formatCount(asked);
    },
  },
  { name: 'Requests run', value: (run) => formatCount(run.result.requests) },
  { name: 'Speed', value: (run) => speedLabel(run.result) ?? 'virtual time (simulator)' },
  { name: 'Design', value: (run) => `${run.summary?.designName ?? '—'}${run.summary?.provenance?.designHash ? ` (${run.summary.provenance.designHash.slice(0, 8)})` : ''}` },
];

export function CompareTable({ runs }: { runs: ReadonlyArray<ComparedRun> }) {
  return (
    <div className="table-scroll" role="region" aria-label="Comparison table" tabIndex={0}>
      <table className="data-table compare-table" aria-label="Comparison">
        <thead>
          <tr><th scope="col">Metric</th>{runs.map((c, i) => <th key={c.runId} scope="col">{c.label}{i === 0 ? ' (baseline)' : ''}</th>)}</tr>
        </thead>
        <tbody>
          {SETTING_ROWS.map((row) => (
            <tr key={`setting ${row.name}`} className="setting-row">
              <th scope="row">{row.name}</th>
              {runs.map((c) => <td key={c.runId}>{row.value(c)}</td>)}
            </tr>
          ))}
          {[...COMPARE_METRICS, ...limiterRows(runs.map((c) => c.result))].map((row) => {
            const base = row.value(runs[0].result);
            return (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                {runs.map((c, i) => {
                  const value = row.value(c.result);
                  const delta = value - base;
                  return (
                    <td key={c.runId} className="num">
                      {row.format(value)}
                      {i > 0 ? <span className={`delta ${deltaTone(row, delta)}`}> ({row.delta(delta)})</span> : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {targetTexts(runs.map((c) => c.summary)).map((text) => (
            <tr key={`target ${text}`} className="target-row">
              <th scope="row">target <code>{text}</code></th>
              {runs.map((c) => {
                const target = c.summary?.targets?.find((t) => t.text === text);
                return target
                  ? <td key={c.runId} className={target.passed ? 'good-text' : 'bad-text'}>{targetVerdict(target)} <span className="muted small">{targetDetail(target)}</span></td>
                  : <td key={c.runId} className="muted">not a target of this run</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
