/**
 * The host's fidelity table (simulator vs live, metric by metric, with the tolerance each must
 * meet) as text a person reads: units, a signed difference, and met / missed / report only.
 */
import type { FidelityRow } from '../../../simulator/export';
import { fidelityDiffRows } from '../../../simulator/export';
import type { FidelityMetric, FidelityReport } from '../../../simulator/run';
import { compareFailures } from '../../../simulator/run';
import { formatBytes, formatCount, formatDelta, formatMs, formatPercent } from '../../format';

export interface FidelityRowText {
  key: string;
  name: string;
  sim: string;
  live: string;
  difference: string;
  /** The tolerance in words (`±0.5 pp`), or `report only`. */
  target: string;
  verdict: 'met' | 'missed' | 'report only';
}

type Unit = NonNullable<FidelityRow['unit']>;

function format(value: number, unit: Unit): string {
  switch (unit) {
    case 'ratio': return formatPercent(value, 2);
    case 'bytes': return formatBytes(value);
    case 'ms': return formatMs(value);
    default: return formatCount(value);
  }
}

/** Live against simulator: percentage points for a ratio, else relative (absolute when the simulator saw 0). */
function difference(row: FidelityRow, unit: Unit): string {
  const delta = row.live - row.sim;
  if (unit === 'ratio') return formatDelta(delta, 'pp', 2);
  if (delta === 0) return '±0';
  if (row.sim === 0) return formatDelta(delta, unit === 'bytes' ? 'bytes' : unit === 'ms' ? 'ms' : 'count');
  return formatDelta((delta / Math.abs(row.sim)) * 100, 'percent');
}

/** Rows in the host's order (simulator/export reads the diff); entries that are not a comparison are left out. */
export function fidelityRowsText(diff: Readonly<Record<string, unknown>>): FidelityRowText[] {
  return fidelityDiffRows(diff).map((row) => {
    const unit = row.unit ?? 'count';
    return {
      key: row.metric, name: row.metric.charAt(0).toUpperCase() + row.metric.slice(1), sim: format(row.sim, unit), live: format(row.live, unit),
      difference: difference(row, unit), target: row.tolerance ?? 'report only',
      verdict: row.ok === undefined ? 'report only' : row.ok ? 'met' : 'missed',
    };
  });
}

/** `4/4 tolerances met`, or `1 of 4 tolerances missed` (report-only rows do not count). */
export function fidelityTally(rows: ReadonlyArray<FidelityRowText>): string {
  const checked = rows.filter((row) => row.verdict !== 'report only');
  const missed = checked.filter((row) => row.verdict === 'missed').length;
  return missed === 0 ? `${checked.length}/${checked.length} tolerances met` : `${missed} of ${checked.length} tolerances missed`;
}

const verdictOf = (met: boolean | undefined, target: string): FidelityRowText['verdict'] =>
  target === 'report only' || met === undefined ? 'report only' : met ? 'met' : 'missed';

function limiterRow(key: string, name: string, m: FidelityMetric): FidelityRowText {
  const delta = m.live - m.sim;
  return {
    key, name, sim: formatCount(m.sim), live: formatCount(m.live),
    difference: delta === 0 ? '±0' : formatDelta(delta, 'count'), target: m.target, verdict: verdictOf(m.met, m.target),
  };
}

/**
 * The rows of a fidelity report beyond its whole-cache diff: admitted and refused per rate limiter,
 * and the failure timeline's events side by side (the same rows as `keyspace fidelity` prints).
 */
export function reportExtraRows(report: Pick<FidelityReport, 'sim' | 'live' | 'rateLimits'>): FidelityRowText[] {
  // Evicted keys and eviction resets (report only) when either engine had any.
  const limiters = (report.rateLimits ?? []).flatMap((l) => ([['admitted', l.admitted], ['refused', l.refused], ['evicted keys', l.evictedKeys], ['eviction resets', l.evictionResets]] as Array<[string, FidelityMetric | undefined]>)
    .filter((row): row is [string, FidelityMetric] => row[1] !== undefined && (row[1].target !== 'report only' || row[1].sim !== 0 || row[1].live !== 0))
    .map(([field, m]) => limiterRow(`limiter ${l.name} ${field}`, `Limiter ${l.name} (${l.algorithm}): ${field}`, m)));
  const failures = compareFailures(report.sim, report.live).map((row): FidelityRowText => ({
    key: `${row.event} ${row.metric}`, name: `${row.event}: ${row.metric}`, sim: row.sim, live: row.live,
    difference: row.difference, target: row.target, verdict: verdictOf(row.met, row.target),
  }));
  return [...limiters, ...failures];
}
