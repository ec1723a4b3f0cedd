/**
 * Fidelity: the simulator and a live Redis on the same plan, side by side — from the run record's
 * `fidelity` part; an empty state explains how to get one.
 */
import { useEffect, useMemo } from 'react';
import type { RunResult } from '../../../simulator/run';
import { formatSpeed } from '../../../simulator/run/time-scale';
import { TimeChart } from '../../charts/TimeChart';
import type { ChartSeries } from '../../charts/TimeChart';
import { formatMs, formatPercent } from '../../format';
import { store, useStore } from '../../store';
import { selectHistory, selectRecords } from '../../store/runs/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { plottedValue, snapshotSeries } from '../run/series';
import { COMPARE_METRICS, deltaTone } from '../compare/deltas';
import { TargetsTable } from '../run/Targets';
import { fidelityRowsText, fidelityTally, reportExtraRows } from './fidelity-rows';

const RATIO: [number, number] = [0, 1];

const VERDICT_TEXT = { met: '✓ met', missed: '✗ missed', 'report only': 'report only' } as const;

/** The live run's warnings (a client that fell behind the plan's pace…) and the host's notes, once each. */
function warningsOf(live: RunResult | undefined, notes: ReadonlyArray<string> | undefined): string[] {
  return [...new Set([...(live?.warnings ?? []), ...(notes ?? [])])];
}

export function FidelityView() {
  const commands = useCommands();
  const history = useStore(selectHistory);
  const records = useStore(selectRecords);
  const fidelityRuns = history.status === 'ready' ? history.value.filter((run) => run.engine === 'fidelity') : [];
  const chosen = useStore((s) => s.activeRunId && fidelityRuns.some((r) => r.runId === s.activeRunId) ? s.activeRunId : null) ?? fidelityRuns[0]?.runId ?? null;
  useEffect(() => {
    if (chosen) void commands.loadRecord(chosen);
  }, [chosen, commands]);
  const record = chosen ? records[chosen] : undefined;
  const fidelity = record?.status === 'ready' ? record.value.fidelity : null;
  const sim = fidelity?.sim;
  const live = fidelity?.live;
  const rows = useMemo(() => (fidelity ? [...fidelityRowsText(fidelity.diff), ...reportExtraRows(fidelity)] : []), [fidelity]);
  const warnings = warningsOf(live, fidelity?.notes);
  const series = useMemo(() => {
    if (!sim || !live) return null;
    const mk = (key: 'cumulativeHitRatio' | 'p95Ms'): ChartSeries[] => [
      snapshotSeries('simulator', sim.series, sim.series.length, (_d, i) => plottedValue(sim.series, i, key), { color: 0 }),
      snapshotSeries('live Redis', live.series, live.series.length, (_d, i) => plottedValue(live.series, i, key), { color: 1, dashed: true }),
    ];
    return { hit: mk('cumulativeHitRatio'), p95: mk('p95Ms') };
  }, [sim, live]);

  if (history.status === 'loading' || history.status === 'idle') return <LoadingState label="Loading runs…" />;
  if (history.status === 'error') return <ErrorState title="Could not load the runs" message={history.message} />;
  if (fidelityRuns.length === 0) {
    return (
      <div className="fidelity-view">
        <EmptyState title="No fidelity run yet" level={2}>
          <p>A fidelity run replays the same plan on the simulator and on a live Redis, then shows both here, metric by metric.</p>
          <p>In <strong>Run</strong>, choose the engine <em>Fidelity: simulator vs live</em> (it needs redis-server on the host, or a saved connection), then press Run.</p>
          <button type="button" onClick={() => { store.getState().setRunOptions({ engine: 'fidelity' }); store.getState().setView('run'); }}>Set up a fidelity run</button>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="fidelity-view">
      <label className="inline-form">
        Fidelity run
        <select value={chosen ?? ''} onChange={(event) => store.getState().showRun(event.target.value)}>
          {fidelityRuns.map((run) => <option key={run.runId} value={run.runId}>{run.label} ({run.status})</option>)}
        </select>
      </label>
      {!record || record.status === 'loading' || record.status === 'idle' ? <LoadingState label="Loading the fidelity run…" /> : null}
      {record?.status === 'error' ? <ErrorState title="Could not load the fidelity run" message={record.message} level={2} /> : null}
      {record?.status === 'ready' && !fidelity ? (
        <EmptyState title="This run has no live side" level={2}>{record.value.summary.status === 'running' ? 'It is still running.' : `It ended ${record.value.summary.status}${record.value.summary.error ? `: ${record.value.summary.error}` : ''} before the live run finished.`}</EmptyState>
      ) : null}
      {sim && live && series ? (
        <>
          {typeof fidelity?.scale === 'number' ? (
            <p className="help" data-testid="fidelity-scale">{fidelity.scale === 1 ? 'Both engines ran the plan as written (1×).' : `Both engines ran the plan ${formatSpeed(fidelity.scale)} faster: every time in it divided by ${fidelity.scale}, rates multiplied.`}</p>
          ) : null}
          <div className="fidelity-columns">
            <table className="data-table" aria-label="Simulator vs live">
              <thead><tr><th scope="col">Metric</th><th scope="col">Simulator</th><th scope="col">Live Redis</th><th scope="col">Live − simulator</th></tr></thead>
              <tbody>
                {COMPARE_METRICS.map((row) => {
                  const a = row.value(sim);
                  const b = row.value(live);
                  return (
                    <tr key={row.name}>
                      <th scope="row">{row.name}</th>
                      <td className="num">{row.format(a)}</td>
                      <td className="num">{row.format(b)}</td>
                      <td className={`num delta ${deltaTone(row, b - a)}`}>{row.delta(b - a)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {rows.length > 0 ? (
              <h2>Within tolerance? <span className={`badge ${rows.some((r) => r.verdict === 'missed') ? 'fail' : 'pass'}`}>{fidelityTally(rows)}</span></h2>
            ) : null}
            {rows.length > 0 ? (
              <table className="data-table compact" aria-label="Fidelity targets">
                <thead><tr><th scope="col">Metric</th><th scope="col">Simulator</th><th scope="col">Live Redis</th><th scope="col">Difference</th><th scope="col">Tolerance</th><th scope="col">Verdict</th></tr></thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.name}</th>
                      <td className="num">{row.sim}</td>
                      <td className="num">{row.live}</td>
                      <td className="num">{row.difference}</td>
                      <td>{row.target}</td>
                      <td className={row.verdict === 'met' ? 'good-text' : row.verdict === 'missed' ? 'bad-text' : 'muted'}>{VERDICT_TEXT[row.verdict]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
          {warnings.length > 0 ? (
            <section className="notes" aria-label="Warnings of this fidelity run">
              <h2>Warnings ({warnings.length})</h2>
              <ul>{warnings.map((warning) => <li key={warning}>{warning}</li>)}</ul>
            </section>
          ) : null}
          <TargetsTable targets={record?.status === 'ready' ? record.value.summary.targets : undefined} caption="Design targets (live run)" />
          <div className="chart-grid">
            <TimeChart title="Hit ratio: simulator vs live" series={series.hit} yDomain={RATIO} unit="percent" summary={`simulator ${formatPercent(sim.cache.hitRatio)}, live ${formatPercent(live.cache.hitRatio)}`} />
            <TimeChart title="p95 latency: simulator vs live" series={series.p95} unit="ms" summary={`simulator ${formatMs(sim.latency.p95Ms)}, live ${formatMs(live.latency.p95Ms)}`} />
          </div>
        </>
      ) : null}
    </div>
  );
}
