/**
 * A run's time series as CSV, one row per snapshot: every number a snapshot holds becomes a column
 * (`tMs`, `hitRatio`, …; nested ones as `pubsub.delivered`, arrays as `pubsub.shardMsgsPerSec.0`),
 * per-namespace hit ratios named by namespace (`namespaceHitRatio.products`). The columns are the
 * union over all snapshots, in first-seen order; a snapshot without a column leaves its cell empty.
 */

/** What the CSV needs of a RunResult; plain JSON read back from disk fits too. */
export interface SeriesSource {
  series: ReadonlyArray<object>;
  namespaces?: ReadonlyArray<{ name: string }>;
}

type Cell = number | string | boolean;

function flatten(value: unknown, prefix: string, out: Map<string, Cell>, names: ReadonlyArray<string>): void {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    out.set(prefix, value);
  } else if (Array.isArray(value)) {
    const labels = prefix === 'namespaceHitRatio' ? names : [];
    value.forEach((item, i) => flatten(item, `${prefix}.${labels[i] ?? i}`, out, names));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out, names);
  }
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function seriesCsv(source: SeriesSource): string {
  const names = (source.namespaces ?? []).map((ns) => ns.name);
  const rows = source.series.map((snapshot) => {
    const cells = new Map<string, Cell>();
    flatten(snapshot, '', cells, names);
    return cells;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const column of row.keys()) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
    }
  }
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((column) => (row.has(column) ? field(String(row.get(column))) : '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
