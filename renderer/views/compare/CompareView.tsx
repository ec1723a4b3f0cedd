/**
 * Compare: pick runs from the history (or vary one parameter of the open design), then read them
 * overlaid, in a table with deltas against the first, and on the miss-ratio curve.
 */
import { useEffect, useMemo } from 'react';
import type { RunSummary } from '../../../electron/common';
import type { RunResult } from '../../../simulator/run';
import { TimeChart } from '../../charts/TimeChart';
import type { ChartSeries } from '../../charts/TimeChart';
import { formatMs, formatPercent } from '../../format';
import { store, useStore } from '../../store';
import { comparedStatus, selectCompared } from '../../store/compare/selectors';
import { selectHistory, selectRecords } from '../../store/runs/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { RunHistory } from '../run/RunHistory';
import { plottedValue, snapshotSeries } from '../run/series';
import { speedMismatch } from '../run/speed';
import { CompareTable } from './CompareTable';
import { MissRatioCurves } from './MissRatioCurves';
import { VaryPanel } from './VaryPanel';

interface Compared {
  summary: RunSummary | undefined;
  runId: string;
  result: RunResult | null;
  state: 'loading' | 'ready' | 'error' | 'running' | 'queued';
  /** While queued: its place in line, once the host said. */
  place?: number | null;
  message?: string;
}

const RATIO: [number, number] = [0, 1];

export function CompareView() {
  const commands = useCommands();
  const selected = useStore(selectCompared);
  const records = useStore(selectRecords);
  const history = useStore(selectHistory);
  const ended = useStore((s) => s.ended);
  const queuePosition = useStore((s) => s.queuePosition);

  useEffect(() => {
    selected.forEach((runId) => void commands.loadRecord(runId));
  }, [selected, records, commands]);

  const compared: Compared[] = selected.map((runId) => {
    const summary = history.status === 'ready' ? history.value.find((run) => run.runId === runId) : undefined;
    const record = records[runId];
    const going = comparedStatus({ ended, queuePosition, history }, runId);
    if (going.status === 'queued') return { runId, summary, result: null, state: 'queued', place: going.place };
    if (going.status === 'running') return { runId, summary, result: null, state: 'running' };
    if (!record || record.status === 'loading' || record.status === 'idle') return { runId, summary, result: null, state: 'loading' };
    if (record.status === 'error') return { runId, summary, result: null, state: 'error', message: record.message };
    const { result, summary: recorded } = record.value;
    if (!result && going.status === 'ended') return { runId, summary, result: null, state: 'error', message: `It ended without a result (${recorded.status}${recorded.error ? `: ${recorded.error}` : ''}).` };
    return { runId, summary, result, state: result ? 'ready' : 'running' };
  });
  const labelOf = (c: Compared) => c.summary?.label ?? c.runId;
  const ready = compared.filter((c): c is Compared & { result: RunResult } => c.result !== null).map((c) => ({ ...c, label: labelOf(c) }));

  const readyKey = ready.map((c) => c.runId).join(',');
  const overlays = useMemo(() => {
    const mk = (key: 'cumulativeHitRatio' | 'p95Ms'): ChartSeries[] => ready.map((c, i) =>
      snapshotSeries(labelOf(c), c.result.series, c.result.series.length, (_d, index) => plottedValue(c.result.series, index, key), { color: i }));
    return { hit: mk('cumulativeHitRatio'), p95: mk('p95Ms') };
  }, [readyKey]);

  const mismatch = speedMismatch(ready.map((c) => ({ label: labelOf(c), result: c.result })));

  return (
    <div className="compare-view">
      <aside className="run-side">
        <section aria-labelledby="compare-pick-heading">
          <h2 id="compare-pick-heading">Runs to compare</h2>
          <p className="help">Tick two or more; the first ticked is the baseline for deltas.</p>
          <RunHistory mode="compare" />
          {selected.length > 0 ? <button type="button" className="link" onClick={() => store.getState().setCompared([])}>Clear selection</button> : null}
        </section>
        <VaryPanel />
      </aside>
      <div className="run-main">
        {selected.length < 2 ? (
          <EmptyState title="Pick at least two runs">Tick runs in the list, or vary one parameter of the open design to make a set of runs.</EmptyState>
        ) : null}
        {compared.filter((c) => c.state !== 'ready').map((c) => (
          c.state === 'error'
            ? <ErrorState key={c.runId} title={`Could not load ${labelOf(c)}`} message={c.message ?? ''} />
            : <LoadingState key={c.runId} label={c.state === 'queued' ? `${labelOf(c)} is waiting in line${c.place ? ` (place ${c.place})` : ''}…` : c.state === 'running' ? `${labelOf(c)} is still running…` : `Loading ${labelOf(c)}…`} />
        ))}
        {ready.length >= 1 ? (
          <>
            {mismatch ? <p className="help warn-text" role="note">{mismatch}</p> : null}
            <CompareTable runs={ready} />
            <div className="chart-grid">
              <TimeChart title="Hit ratio since start, overlaid" series={overlays.hit} yDomain={RATIO} unit="percent"
                summary={ready.map((c) => `${labelOf(c)} ${formatPercent(c.result.cache.hitRatio)}`).join(', ')} />
              <TimeChart title="p95 latency, overlaid" series={overlays.p95} unit="ms"
                summary={ready.map((c) => `${labelOf(c)} ${formatMs(c.result.latency.p95Ms)}`).join(', ')} />
            </div>
          </>
        ) : null}
        <MissRatioCurves runs={ready} />
      </div>
    </div>
  );
}
