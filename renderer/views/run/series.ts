/**
 * Reading snapshots for charts: values as plotted, per-second rates from cumulative counters, and
 * fields as the RunResult schema checked them on arrival (a missing snapshot plots as a gap, never as zeros).
 */
import type { RateLimitSnapshot, Snapshot } from '../../../simulator/run';
import type { ChartSeries } from '../../charts/TimeChart';

export type SnapshotField = 'hitRatio' | 'cumulativeHitRatio' | 'usedMemoryBytes' | 'originQueriesPerSec' | 'originConcurrency' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'keys' | 'requests';
export type CounterField = 'evictedKeys' | 'expiredKeys' | 'staleReads' | 'oomRejections' | 'requests' | 'hits' | 'misses';

export function valueOf(snapshot: Snapshot | undefined, field: SnapshotField | CounterField): number {
  return snapshot ? snapshot[field] : Number.NaN;
}

/** Per-second rate of a cumulative counter between snapshot i-1 and i (the first window starts at 0). */
export function rateAt(data: ReadonlyArray<Snapshot>, i: number, field: CounterField): number {
  return perSecondAt(data, i, (snapshot) => valueOf(snapshot, field));
}

/** Per-second rate of any cumulative counter `read` takes from a snapshot (NaN where it has none). */
export function perSecondAt(data: ReadonlyArray<Snapshot>, i: number, read: (snapshot: Snapshot) => number): number {
  const current = data[i];
  const previous = i > 0 ? data[i - 1] : undefined;
  const dtMs = current.tMs - (previous?.tMs ?? 0);
  if (!(dtMs > 0)) return Number.NaN;
  const delta = read(current) - (previous ? read(previous) : 0);
  return (delta * 1000) / dtMs;
}

/** A rate limiter's counter in a snapshot, NaN when the snapshot has no such limiter (a gap, never 0). */
export function limiterCounter(snapshot: Snapshot | undefined, name: string, field: keyof RateLimitSnapshot): number {
  const counters = snapshot?.rateLimits?.[name];
  return counters ? counters[field] : Number.NaN;
}

/** Fields measured over one snapshot window (not counters, not levels). */
export type WindowField = 'hitRatio' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'originQueriesPerSec';
const WINDOW_FIELDS: ReadonlySet<string> = new Set<WindowField>(['hitRatio', 'p50Ms', 'p95Ms', 'p99Ms', 'originQueriesPerSec']);

/**
 * True when window i saw no request and no read: a live run's closing windows, taken while the
 * last replies drain, report 0 for their hit ratio, latencies and origin load (0 of 0).
 */
export function quietWindow(data: ReadonlyArray<Snapshot>, i: number): boolean {
  const previous = i > 0 ? data[i - 1] : undefined;
  const reads = (d: Snapshot | undefined) => (d ? valueOf(d, 'hits') + valueOf(d, 'misses') : 0);
  return valueOf(data[i], 'requests') === (previous ? valueOf(previous, 'requests') : 0) && reads(data[i]) === reads(previous);
}

/** Snapshot i's value as plotted: a window field of a quiet window is a gap, never a drop to 0. */
export function plottedValue(data: ReadonlyArray<Snapshot>, i: number, field: SnapshotField): number {
  if (WINDOW_FIELDS.has(field) && quietWindow(data, i)) return Number.NaN;
  return valueOf(data[i], field);
}

export function namespaceHitRatio(snapshot: Snapshot, index: number): number {
  const list = snapshot.namespaceHitRatio;
  return index < list.length ? list[index] : Number.NaN;
}

export function last<T>(data: ReadonlyArray<T>, count: number): T | undefined {
  return count > 0 ? data[count - 1] : undefined;
}

/** The pub/sub part of a snapshot, if any. */
export function pubsubOf(snapshot: Snapshot | undefined) {
  return snapshot?.pubsub;
}

/** A chart line over snapshots: x is virtual time, y what `y` reads (by snapshot and index). */
export function snapshotSeries(
  label: string, data: ReadonlyArray<Snapshot>, count: number, y: (snapshot: Snapshot, index: number) => number,
  extra: { color?: number | string; dashed?: boolean } = {},
): ChartSeries {
  return { label, count, x: (i) => data[i].tMs, y: (i) => y(data[i], i), source: data, ...extra };
}
