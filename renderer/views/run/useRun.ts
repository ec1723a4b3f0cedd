/** Everything the Run view shows about one run, from the store (live snapshots or the final record). */
import type { Snapshot, RunResult } from '../../../simulator/run';
import { useStore } from '../../store';
import type { LiveSeries } from '../../store/runs/slice';

const EMPTY: LiveSeries = { snapshots: [], count: 0 };

export interface RunData {
  snapshots: ReadonlyArray<Snapshot>;
  count: number;
  /** The final result, once the record is loaded. */
  result: RunResult | null;
  recordError: string | null;
  recordLoading: boolean;
}

export function useRunData(runId: string | null): RunData {
  const live = useStore((s) => (runId ? s.live[runId] : undefined)) ?? EMPTY;
  const record = useStore((s) => (runId ? s.records[runId] : undefined));
  // The record's result crossed the boundary checked by the RunResult schema.
  const result = record?.status === 'ready' ? record.value.result : null;
  const finalSeries = result?.series && result.series.length > 0 ? result.series : null;
  return {
    snapshots: finalSeries ?? live.snapshots,
    count: finalSeries ? finalSeries.length : live.count,
    result,
    recordError: record?.status === 'error' ? record.message : null,
    recordLoading: record?.status === 'loading',
  };
}
