/** Run: settings, status and progress, headline metrics, live charts, final metrics, history. */
import { useMemo } from 'react';
import { designHash } from '../../../simulator/export';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../../format';
import { useStore } from '../../store';
import { selectDesign, selectLastValidDesign } from '../../store/project/selectors';
import { selectActiveRunId, selectActiveStatus, selectHistory } from '../../store/runs/selectors';
import { Metric } from '../common/Metric';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { FinalMetrics } from './FinalMetrics';
import { RunCharts } from './RunCharts';
import { RunHistory } from './RunHistory';
import { RunOptions } from './RunOptions';
import { RunRecordBar } from './RunRecordBar';
import { RunStatus } from './RunStatus';
import { last, valueOf } from './series';
import { TargetsTable } from './Targets';
import { useRunData } from './useRun';

export function RunView() {
  const runId = useStore(selectActiveRunId);
  const status = useStore(selectActiveStatus);
  const design = useStore(selectLastValidDesign);
  const valid = useStore(selectDesign);
  // The hash every export header and run record carries: does the shown run come from this design?
  const openDesignHash = useMemo(() => (valid ? designHash(valid) : null), [valid]);
  const history = useStore(selectHistory);
  const { snapshots, count, result, recordError, recordLoading } = useRunData(runId);
  const latest = last(snapshots, count);
  const summary = history.status === 'ready' ? history.value.find((run) => run.runId === runId) : undefined;
  const label = summary?.label ?? runId;
  const live = !result;
  return (
    <div className="run-view">
      <aside className="run-side">
        <RunOptions />
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Run history</h2>
          <RunHistory mode="show" />
        </section>
      </aside>
      <div className="run-main">
        <RunStatus label={label} />
        {summary ? <RunRecordBar summary={summary} openDesignHash={openDesignHash} /> : null}
        {!runId && status !== 'starting' ? (
          <EmptyState title="Nothing has run yet">
            <p>Press <strong>Run</strong> (Ctrl+Enter) to run the design on the chosen engine; charts fill in as snapshots arrive, and <strong>Stop</strong> (Ctrl+.) ends the run early with a partial result.</p>
          </EmptyState>
        ) : (
          <>
            <div className="metrics-strip" aria-label="Headline metrics" role="region">
              <Metric label="Hit ratio" value={formatPercent(result ? result.cache.hitRatio : valueOf(latest, 'cumulativeHitRatio'))} detail={live ? 'since start' : 'final'} />
              <Metric label="p95 latency" value={formatMs(result ? result.latency.p95Ms : valueOf(latest, 'p95Ms'))} detail={live ? 'last window' : 'final'} />
              <Metric label="p99 latency" value={formatMs(result ? result.latency.p99Ms : valueOf(latest, 'p99Ms'))} detail={live ? 'last window' : 'final'} />
              <Metric label="Evicted keys" value={formatCount(result ? result.cache.evictedKeys : valueOf(latest, 'evictedKeys'), true)} />
              <Metric label="Memory" value={formatBytes(result ? result.cache.peakMemoryBytes : valueOf(latest, 'usedMemoryBytes'))} detail={live ? 'used now' : 'peak'} />
              <Metric label="Origin load" value={formatRate(result ? result.origin?.queriesPerSecMean : valueOf(latest, 'originQueriesPerSec'))} detail={live ? 'last window' : 'mean'} />
              <Metric label="Stale reads" value={formatCount(result ? result.cache.staleReads : valueOf(latest, 'staleReads'), true)} tone={(result ? result.cache.staleReads : valueOf(latest, 'staleReads')) > 0 ? 'bad' : undefined} />
              <Metric label="Requests" value={formatCount(result ? result.requests : valueOf(latest, 'requests'), true)} />
            </div>
            {status === 'failed' && summary?.error ? <ErrorState title="The run failed" message={summary.error} /> : null}
            <TargetsTable targets={summary?.targets} partial={result?.partial} />
            <RunCharts runId={runId} snapshots={snapshots} count={count} result={result} design={design} />
            {recordLoading && status !== 'running' ? <LoadingState label="Loading the final result…" /> : null}
            {recordError ? <ErrorState title="Could not load the result" message={recordError} /> : null}
            {result ? <FinalMetrics result={result} /> : null}
          </>
        )}
      </div>
    </div>
  );
}
