/**
 * The host's fidelity table (simulator vs live, metric by metric, with the tolerance each must
 * meet) as text a person reads: units, a signed difference, and met / missed / report only.
 */
import { formatBytes, formatCount, formatDelta, formatPercent } from '../../format';

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

type Kind = 'ratio' | 'bytes' | 'count';

const METRICS: Readonly<Record<string, { name: string; kind: Kind }>> = {
  hitRatio: { name: 'Hit ratio', kind: 'ratio' },
  evictedKeys: { name: 'Evicted keys', kind: 'count' },
  expiredKeys: { name: 'Expired keys', kind: 'count' },
  usedMemoryBytes: { name: 'Used memory', kind: 'bytes' },
  staleReads: { name: 'Stale reads', kind: 'count' },
  oomRejections: { name: 'OOM rejections', kind: 'count' },
  keys: { name: 'Keys at the end', kind: 'count' },
};

interface FidelityMetricJson {
  sim: number;
  live: number;
  target: string;
  met: boolean;
}

function isMetric(value: unknown): value is FidelityMetricJson {
  const v = value as Partial<FidelityMetricJson> | null;
  return typeof v === 'object' && v !== null && typeof v.sim === 'number' && typeof v.live === 'number' && typeof v.target === 'string' && typeof v.met === 'boolean';
}

function format(value: number, kind: Kind): string {
  return kind === 'ratio' ? formatPercent(value, 2) : kind === 'bytes' ? formatBytes(value) : formatCount(value);
}

/** Live against simulator: percentage points for a ratio, else relative (absolute when the simulator saw 0). */
function difference(m: FidelityMetricJson, kind: Kind): string {
  const delta = m.live - m.sim;
  if (kind === 'ratio') return formatDelta(delta, 'pp', 2);
  if (delta === 0) return '±0';
  if (m.sim === 0) return kind === 'bytes' ? formatDelta(delta, 'bytes') : formatDelta(delta, 'count');
  return formatDelta((delta / Math.abs(m.sim)) * 100, 'percent');
}

/** Rows in the host's order; entries that are not a metric comparison are left out. */
export function fidelityRowsText(diff: Readonly<Record<string, unknown>>): FidelityRowText[] {
  return Object.entries(diff).filter((entry): entry is [string, FidelityMetricJson] => isMetric(entry[1])).map(([key, m]) => {
    const known = METRICS[key] ?? { name: key, kind: 'count' as const };
    return {
      key, name: known.name, sim: format(m.sim, known.kind), live: format(m.live, known.kind), difference: difference(m, known.kind),
      target: m.target, verdict: m.target === 'report only' ? 'report only' : m.met ? 'met' : 'missed',
    };
  });
}

/** `4/4 tolerances met`, or `1 of 4 tolerances missed` (report-only rows do not count). */
export function fidelityTally(rows: ReadonlyArray<FidelityRowText>): string {
  const checked = rows.filter((row) => row.verdict !== 'report only');
  const missed = checked.filter((row) => row.verdict === 'missed').length;
  return missed === 0 ? `${checked.length}/${checked.length} tolerances met` : `${missed} of ${checked.length} tolerances missed`;
}
