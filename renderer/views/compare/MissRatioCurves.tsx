/**
 * Miss-ratio curves in Compare: one curve per distinct design among the compared runs (computed
 * from the design each run ran, not the open one), each run marked on its own design's curve; with
 * no run compared, the open design's curve. The curve is the design's own policy's (app-curve.ts),
 * with the exact-LRU reference dashed; "memory for 80/90/95 %" is read from the policy curve.
 */
import { useEffect } from 'react';
import type { RunSummary } from '../../../electron/common';
import { MissRatioChart } from '../../charts/MissRatioChart';
import type { CurveMarker } from '../../charts/MissRatioChart';
import { formatBytes, formatPercent } from '../../format';
import { useStore } from '../../store';
import { curveGroups, selectCurve, selectRunCurves } from '../../store/compare/selectors';
import type { MissRatioCurve } from '../../store/compare/slice';
import type { Loadable } from '../../store/types';
import { ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import type { ComparedRun } from './CompareTable';

function CurveBody({ curve, markers, retry }: { curve: Loadable<MissRatioCurve>; markers: CurveMarker[]; retry: () => void }) {
  if (curve.status === 'loading' || curve.status === 'idle') return <LoadingState label="Computing the miss-ratio curve (simulating the design's policy at 20 sizes, a few seconds)…" />;
  if (curve.status === 'error') return <ErrorState title="No miss-ratio curve" message={curve.message}><button type="button" onClick={retry}>Try again</button></ErrorState>;
  const { value } = curve;
  const sampled = value.sampleRate < 1 ? `the requests of ${formatPercent(value.sampleRate, 1)} of the keys, sampled,` : 'every key';
  const over = value.cappedFrom === null ? `${value.requests.toLocaleString('en-US')} requests`
    : `the first ${value.requests.toLocaleString('en-US')} of its ${value.cappedFrom.toLocaleString('en-US')} requests (the app's cap; keyspace mrc runs them all)`;
  return (
    <>
      <MissRatioChart points={value.points} policy={value.policy} reference={value.reference.points} markers={markers} />
      <p className="help mrc-memory-for">
        Memory for {value.memoryFor.map((m) => `${formatPercent(m.hitRatio, 0)}: ${m.maxmemoryBytes === null ? 'not reached with the whole working set' : formatBytes(m.maxmemoryBytes)}`).join('; ')}
        {' '}({value.policy}). Working set {formatBytes(value.workingSetBytes)}.
      </p>
      <p className="help">
        The curve simulates {value.policy} with the design&apos;s TTLs and invalidation on {sampled} over {over}.
        {' '}Dashed: exact LRU (stack distances), blind to TTL expiry and invalidation — a reference only.
      </p>
    </>
  );
}

export function MissRatioCurves({ runs }: { runs: ReadonlyArray<ComparedRun> }) {
  const commands = useCommands();
  const curve = useStore(selectCurve);
  const runCurves = useStore(selectRunCurves);
  const summaries = runs.map((run) => run.summary).filter((summary): summary is RunSummary => summary !== undefined);
  const summaryKey = summaries.map((summary) => summary.runId).join(',');
  useEffect(() => {
    if (summaries.length > 0) void commands.loadRunCurves(summaries);
    else if (curve.status === 'idle') void commands.loadCurve();
  }, [summaryKey, curve.status, commands]);

  if (summaries.length === 0) {
    return (
      <section aria-labelledby="mrc-heading" className="mrc">
        <h2 id="mrc-heading">Miss-ratio curve of the open design</h2>
        <CurveBody curve={curve} markers={[]} retry={() => void commands.loadCurve()} />
        {curve.status === 'ready' ? <button type="button" onClick={() => void commands.loadCurve()}>Recompute curve</button> : null}
      </section>
    );
  }
  const colorOf = new Map(runs.map((run, i) => [run.runId, i]));
  const groups = curveGroups(summaries, runCurves);
  return (
    <section aria-labelledby="mrc-heading" className="mrc">
      <h2 id="mrc-heading">Miss-ratio curves of the compared designs</h2>
      <p className="help">One curve per distinct design (designs with the same curve share one); each run is marked on its own design&apos;s curve.</p>
      {groups.map((group) => {
        const markers = group.runs.flatMap(({ runId, label }) => {
          const run = runs.find((r) => r.runId === runId);
          return run ? [{ label, maxmemoryBytes: run.result.cache.maxmemoryBytes, hitRatio: run.result.cache.hitRatio, color: colorOf.get(runId) ?? 0 }] : [];
        });
        return (
          <section key={group.keys.join(' ')} className="mrc-design" aria-label={`Miss-ratio curve of ${group.designName}: ${group.runs.map((r) => r.label).join(', ')}`}>
            <h3>{group.designName} <span className="muted small">— {group.runs.map((r) => r.label).join(', ')}</span></h3>
            <CurveBody curve={group.curve} markers={markers} retry={() => void commands.loadRunCurves(summaries.filter((s) => s.runId === group.runId), true)} />
          </section>
        );
      })}
    </section>
  );
}
