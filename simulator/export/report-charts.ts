/** The report's charts, as inline SVG strings keyed by a stable id (used by the HTML report). */
import type { ChannelMap } from './channel-map';
import type { RunSection } from './report-model';
import { mb, ms, pct } from './report-model';
import { barChart, lineChart } from './svg';
import type { LineSeries } from './svg';

export interface Chart {
  id: string;
  caption: string;
  svg: string;
}

function clock(totalMs: number): (value: number) => string {
  return totalMs > 180_000 ? (v) => `${(v / 60_000).toFixed(1)} min` : (v) => `${(v / 1000).toFixed(0)} s`;
}

export function runCharts(runs: ReadonlyArray<RunSection>, hitTarget: number | undefined, maxmemoryBytes: number): Chart[] {
  if (runs.length === 0) return [];
  const totalMs = Math.max(...runs.map((r) => activeSeries(r.result.series).at(-1)?.tMs ?? r.result.durationMs));
  const x = clock(totalMs);
  const series = (get: (s: RunSection['result']['series'][number]) => number, suffix = ''): LineSeries[] =>
    runs.map((run) => ({ name: `${run.label}${suffix}`, points: activeSeries(run.result.series).map((s) => [s.tMs, get(s)] as const) }));
  const latency: LineSeries[] = runs.length === 1
    ? [series((s) => s.p50Ms, ' p50')[0], series((s) => s.p95Ms, ' p95')[0], series((s) => s.p99Ms, ' p99')[0]]
    : series((s) => s.p95Ms, ' p95');
  const charts: Chart[] = [
    {
      id: 'hit-ratio', caption: 'Hit ratio per snapshot window; the dashed line is the design target.',
      svg: lineChart({ id: 'hit-ratio', title: 'Hit ratio over time', series: series((s) => s.hitRatio), xFormat: x, yFormat: (v) => pct(v).replace('.00', ''), yMax: 1, reference: hitTarget === undefined ? undefined : { value: hitTarget, label: `target ${pct(hitTarget)}` } }),
    },
    {
      id: 'latency', caption: 'End-to-end request latency per snapshot window.',
      svg: lineChart({ id: 'latency', title: 'Latency over time', series: latency, xFormat: x, yFormat: ms }),
    },
    {
      id: 'memory', caption: 'Used memory; the dashed line is maxmemory.',
      svg: lineChart({ id: 'memory', title: 'Used memory', series: series((s) => s.usedMemoryBytes), xFormat: x, yFormat: mb, reference: maxmemoryBytes > 0 ? { value: maxmemoryBytes, label: `maxmemory ${mb(maxmemoryBytes)}` } : undefined }),
    },
    {
      id: 'origin', caption: 'Queries per second reaching the database behind the cache.',
      svg: lineChart({ id: 'origin', title: 'Origin queries per second', series: series((s) => s.originQueriesPerSec), xFormat: x, yFormat: (v) => `${v.toFixed(0)}/s` }),
    },
  ];
  const fanout = runs.filter((run) => run.result.series.some((s) => s.pubsub));
  if (fanout.length > 0) {
    charts.push({
      id: 'fanout', caption: 'Pub/sub publish-to-client latency (p95) per snapshot window.',
      svg: lineChart({ id: 'fanout', title: 'Fan-out p95 over time', series: fanout.map((run) => ({ name: `${run.label} p95`, points: run.result.series.filter((s) => s.pubsub).map((s) => [s.tMs, s.pubsub?.p95Ms ?? 0] as const) })), xFormat: x, yFormat: ms }),
    });
  }
  const first = runs[0].result;
  const readNamespaces = first.namespaces.filter((ns) => ns.reads > 0);
  if (readNamespaces.length > 0) {
    charts.push({
      id: 'namespace-hit-ratio', caption: `Hit ratio per namespace (${runs[0].label}).`,
      svg: barChart({ id: 'namespace-hit-ratio', title: 'Hit ratio per namespace', bars: readNamespaces.map((ns) => ({ label: ns.name, value: ns.hitRatio })), format: pct, max: 1 }),
    });
  }
  const buckets = coarseHistogram(first.latency.histogram);
  if (buckets.length > 0) {
    charts.push({
      id: 'latency-histogram', caption: `Requests by latency bucket (${runs[0].label}).`,
      svg: barChart({ id: 'latency-histogram', title: 'Latency histogram', bars: buckets.map((b) => ({ label: `≤ ${ms(b.upToMs)}`, value: b.count })), format: (v) => Math.round(v).toLocaleString('en-US') }),
    });
  }
  return charts;
}

/** Re-buckets a fine latency histogram on a 1-2-5 scale (0.1 ms … 100 s), dropping empty ends. */
export function coarseHistogram(histogram: ReadonlyArray<{ upToMs: number; count: number }>): Array<{ upToMs: number; count: number }> {
  const edges: number[] = [];
  for (let decade = 0.1; decade <= 100_000; decade *= 10) for (const step of [1, 2, 5]) edges.push(Number((decade * step).toPrecision(3)));
  const counts = edges.map(() => 0);
  for (const bucket of histogram) {
    const index = edges.findIndex((edge) => bucket.upToMs <= edge);
    counts[index < 0 ? edges.length - 1 : index] += bucket.count;
  }
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return first < 0 ? [] : edges.slice(first, last + 1).map((upToMs, i) => ({ upToMs, count: counts[first + i] }));
}

/** The snapshots up to the last one in which requests still arrived (a request budget can end a run early). */
export function activeSeries<T extends { requests: number }>(series: ReadonlyArray<T>): T[] {
  let end = series.length;
  while (end > 1 && series[end - 1].requests === series[end - 2].requests) end--;
  return series.slice(0, end);
}

export function channelChart(map: ChannelMap | null): Chart | null {
  if (!map || map.shards < 2) return null;
  const totals = new Array<number>(map.shards).fill(0);
  for (const row of map.rows) row.perShard.forEach((count, shard) => { totals[shard] += count; });
  const max = Math.max(...totals);
  return {
    id: 'channels-per-shard', caption: 'Channels per shard (by hash slot); the busiest shard is highlighted.',
    svg: barChart({ id: 'channels-per-shard', title: 'Channels per shard', bars: totals.map((value, shard) => ({ label: `shard ${shard} (${map.slotRanges[shard][0]}–${map.slotRanges[shard][1]})`, value, highlight: value === max && totals.filter((t) => t === max).length === 1 })), format: (v) => String(v) }),
  };
}
