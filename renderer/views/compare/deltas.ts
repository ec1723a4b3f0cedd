/** The comparison table: key metrics of each run and their delta against the first (the baseline). */
import type { RunResult } from '../../../simulator/run';
import { formatBytes, formatCount, formatDelta, formatMs, formatPercent, formatRate } from '../../format';

export interface MetricRow {
  name: string;
  /** Whether higher is better (for colouring deltas), or null when neither. */
  higherIsBetter: boolean | null;
  value: (result: RunResult) => number;
  format: (value: number) => string;
  delta: (delta: number) => string;
}

export const COMPARE_METRICS: MetricRow[] = [
  { name: 'Hit ratio', higherIsBetter: true, value: (r) => r.cache.hitRatio, format: (v) => formatPercent(v), delta: (d) => formatDelta(d, 'pp') },
  { name: 'p50 latency', higherIsBetter: false, value: (r) => r.latency.p50Ms, format: formatMs, delta: (d) => formatDelta(d, 'ms') },
  { name: 'p95 latency', higherIsBetter: false, value: (r) => r.latency.p95Ms, format: formatMs, delta: (d) => formatDelta(d, 'ms') },
  { name: 'p99 latency', higherIsBetter: false, value: (r) => r.latency.p99Ms, format: formatMs, delta: (d) => formatDelta(d, 'ms') },
  { name: 'Evicted keys', higherIsBetter: false, value: (r) => r.cache.evictedKeys, format: (v) => formatCount(v), delta: (d) => formatDelta(d, 'count') },
  { name: 'Expired keys', higherIsBetter: null, value: (r) => r.cache.expiredKeys, format: (v) => formatCount(v), delta: (d) => formatDelta(d, 'count') },
  { name: 'Stale reads', higherIsBetter: false, value: (r) => r.cache.staleReads, format: (v) => formatCount(v), delta: (d) => formatDelta(d, 'count') },
  { name: 'Peak memory', higherIsBetter: null, value: (r) => r.cache.peakMemoryBytes, format: formatBytes, delta: (d) => formatDelta(d, 'bytes') },
  { name: 'Origin queries', higherIsBetter: false, value: (r) => r.origin?.queries ?? Number.NaN, format: (v) => formatCount(v), delta: (d) => formatDelta(d, 'count') },
  { name: 'Origin peak load', higherIsBetter: false, value: (r) => r.origin?.queriesPerSecPeak ?? Number.NaN, format: (v) => formatRate(v), delta: (d) => formatDelta(d, 'count') },
];

/** 'better' | 'worse' | 'same' for a delta of a metric. */
export function deltaTone(row: MetricRow, delta: number): 'better' | 'worse' | 'same' {
  if (!Number.isFinite(delta) || Math.abs(delta) < 1e-12 || row.higherIsBetter === null) return 'same';
  return (delta > 0) === row.higherIsBetter ? 'better' : 'worse';
}

/** What Compare shows of each rate limiter (by name): its accuracy against the exact window and what eviction did to it. */
const LIMITER_FIELDS = [
  { field: 'overAdmitted', label: 'over-admitted', higherIsBetter: false },
  { field: 'wronglyRefused', label: 'wrongly refused', higherIsBetter: false },
  { field: 'refused', label: 'refused', higherIsBetter: null },
  { field: 'evictedKeys', label: 'counters evicted', higherIsBetter: false },
] as const;

/** One row per limiter field for every limiter any of the runs has (first-seen order); a run without it shows —. */
export function limiterRows(results: ReadonlyArray<RunResult>): MetricRow[] {
  const names = [...new Set(results.flatMap((r) => r.rateLimits?.map((l) => l.name) ?? []))];
  return names.flatMap((name) => LIMITER_FIELDS.map(({ field, label, higherIsBetter }) => ({
    name: `Limiter ${name}: ${label}`,
    higherIsBetter,
    value: (r: RunResult) => r.rateLimits?.find((l) => l.name === name)?.[field] ?? Number.NaN,
    format: (v: number) => formatCount(v),
    delta: (d: number) => formatDelta(d, 'count'),
  })));
}
