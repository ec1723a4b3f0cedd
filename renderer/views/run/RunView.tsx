/** Run: settings, status and progress, headline metrics, live charts, final metrics, history. */
import { useMemo } from 'react';
import { designHash } from '../../../simulator/export';
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
import { headlineCards, headlineKind } from './headline';
import { PubsubResults } from './PubsubResults';
import { FailureResults } from './FailureResults';
import { RateLimitResults } from './RateLimitResults';
import { last } from './series';
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
  // Cards by what the run has: delivery first when the design has channels, then the cache.
  const hasPubsub = result ? !!result.pubsub : !!design?.pubsub || !!last(snapshots, count)?.pubsub;
  const kind = headlineKind(result ? result.requests > 0 : true, hasPubsub);
  const cards = useMemo(() => headlineCards(kind, result, snapshots, count), [kind, result, snapshots, count]);
  const summary = history.status === 'ready' ? history.value.find((run) => run.runId === runId) : undefined;
  const label = summary?.label ?? runId;
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
              {cards.map((card) => <Metric key={card.label} {...card} />)}
            </div>
            {result?.pubsub ? <PubsubResults pubsub={result.pubsub} /> : null}
            {result?.rateLimits?.length ? <RateLimitResults limiters={result.rateLimits} targets={summary?.targets} /> : null}
            {result?.failures ? <FailureResults failures={result.failures} /> : null}
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
