/** A run's rate limiters over time: admitted and refused per second, admits over the limit, counters evicted. */
import { useMemo } from 'react';
import type { Snapshot } from '../../../simulator/run';
import { TimeChart } from '../../charts/TimeChart';
import { formatCount } from '../../format';
import { last, limiterCounter, perSecondAt, snapshotSeries } from './series';

interface RateLimitChartsProps {
  /** The limiters' names, in the design's order (their colours follow it). */
  names: ReadonlyArray<string>;
  snapshots: ReadonlyArray<Snapshot>;
  count: number;
  empty: { emptyText: string; loading?: boolean };
}

export function RateLimitCharts({ names, snapshots, count, empty }: RateLimitChartsProps) {
  const latest = last(snapshots, count);
  const charts = useMemo(() => {
    const rate = (name: string, field: 'admitted' | 'refused' | 'overAdmitted', label: string, index: number, dashed = false) =>
      snapshotSeries(label, snapshots, count, (_d, i) => perSecondAt(snapshots, i, (d) => limiterCounter(d, name, field)), { color: index, dashed });
    return {
      decisions: names.flatMap((name, index) => [rate(name, 'admitted', `${name} admitted/s`, index), rate(name, 'refused', `${name} refused/s`, index, true)]),
      over: names.map((name, index) => rate(name, 'overAdmitted', `${name} over the limit/s`, index)),
      evicted: names.map((name, index) => snapshotSeries(`${name} evicted`, snapshots, count, (d) => limiterCounter(d, name, 'evictedKeys'), { color: index })),
    };
  }, [names, snapshots, count]);
  const so = (field: 'admitted' | 'refused' | 'overAdmitted' | 'evictedKeys') => names.map((name) => `${name} ${formatCount(limiterCounter(latest, name, field))}`).join(', ');
  return (
    <>
      <TimeChart title="Rate limiter decisions" series={charts.decisions} {...empty} unit="rate" summary={`admitted so far: ${so('admitted')}; refused: ${so('refused')}`} />
      <TimeChart title="Admitted over the limit" series={charts.over} {...empty} unit="rate" summary={`admitted where an exact sliding window refuses, so far: ${so('overAdmitted')}`} />
      <TimeChart title="Limiter counters evicted" series={charts.evicted} {...empty} unit="count" summary={`limiter keys evicted under maxmemory so far: ${so('evictedKeys')}`} />
    </>
  );
}
