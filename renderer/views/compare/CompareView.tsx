/**
 * Compare: pick runs from the history (or vary one parameter of the open design), then read them
 * overlaid, in a table with deltas against the first, and on the miss-ratio curve.
 */
import { useEffect, useMemo } from 'react';
import type { RunSummary } from '../../../electron/common';
import type { RunResult } from '../../../simulator/run';
import { MissRatioChart } from '../../charts/MissRatioChart';
import { TimeChart } from '../../charts/TimeChart';
import type { ChartSeries } from '../../charts/TimeChart';
import { formatBytes, formatMs, formatPercent } from '../../format';
import { store, useStore } from '../../store';
import { selectCompared, selectCurve, selectVary, selectVaryError } from '../../store/compare/selectors';
import { selectHistory, selectRecords } from '../../store/runs/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { RunHistory } from '../run/RunHistory';
import { plottedValue, snapshotSeries } from '../run/series';
import { targetDetail, targetVerdict } from '../run/run-record';
import { speedMismatch } from '../run/speed';
import { COMPARE_METRICS, deltaTone } from './deltas';

interface Compared {
  summary: RunSummary | undefined;
  runId: string;
  result: RunResult | null;
  state: 'loading' | 'ready' | 'error' | 'running';
  message?: string;
}

const RATIO: [number, number] = [0, 1];

/** Every target any of the runs was checked against, in first-seen order. */
function targetTexts(summaries: ReadonlyArray<RunSummary | undefined>): string[] {
  return [...new Set(summaries.flatMap((summary) => summary?.targets?.map((t) => t.text) ?? []))];
}

export function CompareView() {
  const commands = useCommands();
  const selected = useStore(selectCompared);
  const records = useStore(selectRecords);
  const history = useStore(selectHistory);
  const vary = useStore(selectVary);
  const varyError = useStore(selectVaryError);
  const curve = useStore(selectCurve);

  useEffect(() => {
    selected.forEach((runId) => void commands.loadRecord(runId));
  }, [selected, records, commands]);
  useEffect(() => {
    if (curve.status === 'idle') void commands.loadCurve();
  }, [curve.status, commands]);

  const compared: Compared[] = selected.map((runId) => {
    const summary = history.status === 'ready' ? history.value.find((run) => run.runId === runId) : undefined;
    const record = records[runId];
    if (summary?.status === 'running') return { runId, summary, result: null, state: 'running' };
    if (!record || record.status === 'loading' || record.status === 'idle') return { runId, summary, result: null, state: 'loading' };
    if (record.status === 'error') return { runId, summary, result: null, state: 'error', message: record.message };
    return { runId, summary, result: record.value.result, state: record.value.result ? 'ready' : 'running' };
  });
  const ready = compared.filter((c): c is Compared & { result: RunResult } => c.result !== null);
  const labelOf = (c: Compared) => c.summary?.label ?? c.runId;

  const readyKey = ready.map((c) => c.runId).join(',');
  const overlays = useMemo(() => {
    const mk = (key: 'cumulativeHitRatio' | 'p95Ms'): ChartSeries[] => ready.map((c, i) =>
      snapshotSeries(labelOf(c), c.result.series, c.result.series.length, (_d, index) => plottedValue(c.result.series, index, key), { color: i }));
    return { hit: mk('cumulativeHitRatio'), p95: mk('p95Ms') };
  }, [readyKey]);

  const mismatch = speedMismatch(ready.map((c) => ({ label: labelOf(c), result: c.result })));
  const markers = ready.map((c, i) => ({ label: labelOf(c), maxmemoryBytes: c.result.cache.maxmemoryBytes, hitRatio: c.result.cache.hitRatio, color: i }));

  return (
    <div className="compare-view">
      <aside className="run-side">
        <section aria-labelledby="compare-pick-heading">
          <h2 id="compare-pick-heading">Runs to compare</h2>
          <p className="help">Tick two or more; the first ticked is the baseline for deltas.</p>
          <RunHistory mode="compare" />
          {selected.length > 0 ? <button type="button" className="link" onClick={() => store.getState().setCompared([])}>Clear selection</button> : null}
        </section>
        <form className="form-stack" aria-labelledby="vary-heading" onSubmit={(event) => { event.preventDefault(); void commands.vary(); }}>
          <h2 id="vary-heading">Vary one parameter</h2>
          <p className="help">Runs the open design once per value (as keyspace run --set), then compares the runs.</p>
          <label>Field path<input className="mono" value={vary.path} onChange={(event) => store.getState().setVary({ path: event.target.value })} placeholder="server.maxmemory" /></label>
          <label>Values<input className="mono" value={vary.values} onChange={(event) => store.getState().setVary({ values: event.target.value })} placeholder="16mb, 64mb, 256mb" aria-describedby={varyError ? 'vary-error' : undefined} aria-invalid={!!varyError} /></label>
          {varyError ? <p id="vary-error" className="warn-text" role="alert">{varyError}</p> : null}
          <button type="submit" className="primary">Vary parameter</button>
        </form>
      </aside>
      <div className="run-main">
        {selected.length < 2 ? (
          <EmptyState title="Pick at least two runs">Tick runs in the list, or vary one parameter of the open design to make a set of runs.</EmptyState>
        ) : null}
        {compared.filter((c) => c.state !== 'ready').map((c) => (
          c.state === 'error'
            ? <ErrorState key={c.runId} title={`Could not load ${labelOf(c)}`} message={c.message ?? ''} />
            : <LoadingState key={c.runId} label={c.state === 'running' ? `${labelOf(c)} is still running…` : `Loading ${labelOf(c)}…`} />
        ))}
        {ready.length >= 1 ? (
          <>
            {mismatch ? <p className="help warn-text" role="note">{mismatch}</p> : null}
            <div className="table-scroll">
              <table className="data-table compare-table" aria-label="Comparison">
                <thead>
                  <tr><th scope="col">Metric</th>{ready.map((c, i) => <th key={c.runId} scope="col">{labelOf(c)}{i === 0 ? ' (baseline)' : ''}</th>)}</tr>
                </thead>
                <tbody>
                  {COMPARE_METRICS.map((row) => {
                    const base = row.value(ready[0].result);
                    return (
                      <tr key={row.name}>
                        <th scope="row">{row.name}</th>
                        {ready.map((c, i) => {
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
                  {targetTexts(ready.map((c) => c.summary)).map((text) => (
                    <tr key={`target ${text}`} className="target-row">
                      <th scope="row">target <code>{text}</code></th>
                      {ready.map((c) => {
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
            <div className="chart-grid">
              <TimeChart title="Hit ratio since start, overlaid" series={overlays.hit} yDomain={RATIO} unit="percent"
                summary={ready.map((c) => `${labelOf(c)} ${formatPercent(c.result.cache.hitRatio)}`).join(', ')} />
              <TimeChart title="p95 latency, overlaid" series={overlays.p95} unit="ms"
                summary={ready.map((c) => `${labelOf(c)} ${formatMs(c.result.latency.p95Ms)}`).join(', ')} />
            </div>
          </>
        ) : null}
        <section aria-labelledby="mrc-heading" className="mrc">
          <h2 id="mrc-heading">Miss-ratio curve of the open design</h2>
          {curve.status === 'loading' || curve.status === 'idle' ? <LoadingState label="Computing the miss-ratio curve…" /> : null}
          {curve.status === 'error' ? <ErrorState title="No miss-ratio curve" message={curve.message}><button type="button" onClick={() => void commands.loadCurve()}>Try again</button></ErrorState> : null}
          {curve.status === 'ready' ? (
            <>
              <MissRatioChart points={curve.value.points} markers={markers} />
              <p className="help">
                Working set {formatBytes(curve.value.workingSetBytes)}.{' '}
                {curve.value.memoryFor.map((m) => `${formatPercent(m.hitRatio, 0)} needs ${m.maxmemoryBytes === null ? 'more than the working set' : formatBytes(m.maxmemoryBytes)}`).join('; ')}.
                {' '}An LRU upper bound: TTL expiry and invalidation lower the real curve.
              </p>
              <button type="button" onClick={() => void commands.loadCurve()}>Recompute curve</button>
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
