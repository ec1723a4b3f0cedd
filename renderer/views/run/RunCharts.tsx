/** The live charts of a run: cache, memory, origin, latency, staleness and pub/sub fan-out. */
import { useMemo } from 'react';
import type { Design } from '../../../simulator/model';
import { parseSizeBytes } from '../../../simulator/model';
import { hotShardsOf } from '../../../simulator/pubsub';
import type { RunResult, Snapshot } from '../../../simulator/run';
import { HeatMap } from '../../charts/HeatMap';
import { loadColor, LoadScaleLegend } from '../../charts/LoadScale';
import { formatInstant } from '../../charts/ticks';
import { LatencyCdf } from '../../charts/LatencyCdf';
import { TimeChart } from '../../charts/TimeChart';
import { SharedTimeZoom } from '../../charts/zoom';
import type { ChartSeries } from '../../charts/TimeChart';
import { formatBytes, formatCount, formatList, formatMs, formatPercent, formatRate } from '../../format';
import { RateLimitCharts } from './RateLimitCharts';
import { last, namespaceHitRatio, plottedValue, pubsubOf, quietWindow, rateAt, snapshotSeries, valueOf } from './series';
import type { CounterField, SnapshotField } from './series';

interface RunChartsProps {
  /** The run shown: its charts share one time zoom, reset for another run. */
  runId?: string | null;
  snapshots: ReadonlyArray<Snapshot>;
  count: number;
  result: RunResult | null;
  design: Design | null;
}

type Extra = { color?: number; dashed?: boolean };
const RATIO_DOMAIN: [number, number] = [0, 1];

function field(label: string, data: ReadonlyArray<Snapshot>, count: number, key: SnapshotField, extra: Extra = {}): ChartSeries {
  return snapshotSeries(label, data, count, (_d, i) => plottedValue(data, i, key), extra);
}

function rate(label: string, data: ReadonlyArray<Snapshot>, count: number, key: CounterField, extra: Extra = {}): ChartSeries {
  return snapshotSeries(label, data, count, (_d, i) => rateAt(data, i, key), extra);
}

const asSeries = (series: ChartSeries[]) => series;

export function RunCharts({ runId = null, snapshots, count, result, design }: RunChartsProps) {
  const latest = last(snapshots, count);
  // Namespaces that are never cached (TTL 0s) have no hit ratio to draw; `ttl: none` (null) is cached.
  const namespaces = useMemo(() => {
    const names = result?.namespaces.map((ns) => ns.name) ?? design?.namespaces.map((ns) => ns.name) ?? [];
    const cached = (index: number) => {
      if (result) return result.namespaces[index]?.ttlMs !== 0;
      const ns = design?.namespaces[index];
      const ttl = ns ? design?.ttlMatrix[ns.dataClass]?.[design.defaultEnvironment]?.ttl : undefined;
      return ttl === undefined || !/^0+(\.0+)?[a-z]+$/.test(ttl);
    };
    return names.map((name, index) => ({ name, index })).filter((ns) => cached(ns.index));
  }, [design, result]);
  const maxmemoryBytes = useMemo(() => {
    if (result?.cache.maxmemoryBytes !== undefined) return result.cache.maxmemoryBytes;
    const parsed = design ? parseSizeBytes(design.server.maxmemory) : null;
    return parsed?.ok ? parsed.value : 0;
  }, [design, result]);
  // Series objects are rebuilt when the data grows; the charts redraw at most once per frame.
  const charts = useMemo(() => ({
    hit: asSeries([field('per window', snapshots, count, 'hitRatio'), field('since start', snapshots, count, 'cumulativeHitRatio', { dashed: true })]),
    perNamespace: namespaces.map(({ name, index }) => snapshotSeries(name, snapshots, count, (d, i) => (quietWindow(snapshots, i) ? Number.NaN : namespaceHitRatio(d, index)), { color: index })),
    churn: asSeries([rate('evictions/s', snapshots, count, 'evictedKeys'), rate('expirations/s', snapshots, count, 'expiredKeys', { color: 2 })]),
    memory: asSeries([field('used memory', snapshots, count, 'usedMemoryBytes')]),
    origin: asSeries([field('queries/s', snapshots, count, 'originQueriesPerSec', { color: 1 })]),
    latency: asSeries([field('p50', snapshots, count, 'p50Ms', { color: 2 }), field('p95', snapshots, count, 'p95Ms', { color: 4 }), field('p99', snapshots, count, 'p99Ms', { color: 1 })]),
    stale: asSeries([rate('stale reads/s', snapshots, count, 'staleReads', { color: 3 })]),
  }), [snapshots, count, namespaces]);
  const memoryRefs = useMemo(() => (maxmemoryBytes > 0 ? [{ value: maxmemoryBytes, label: `maxmemory ${formatBytes(maxmemoryBytes)}` }] : []), [maxmemoryBytes]);
  const hasPubsub = !!result?.pubsub || !!pubsubOf(latest) || !!design?.pubsub;
  const limiterNames = useMemo(() => (result ? result.rateLimits?.map((l) => l.name) : design?.rateLimits?.map((l) => l.name)) ?? [], [design, result]);
  // Before the first snapshot: a loading state while the run goes, never empty axes.
  const empty = result ? { emptyText: 'No snapshots in this result' } : { emptyText: 'Waiting for the first snapshot…', loading: true };
  return (
    <SharedTimeZoom resetKey={runId}>
      <div className="chart-grid">
        <TimeChart title="Hit ratio over time" series={charts.hit} {...empty} yDomain={RATIO_DOMAIN} unit="percent"
          summary={`latest window ${formatPercent(valueOf(latest, 'hitRatio'))}, since start ${formatPercent(valueOf(latest, 'cumulativeHitRatio'))}`} />
        <TimeChart title="Hit ratio per namespace" series={charts.perNamespace} {...empty} yDomain={RATIO_DOMAIN} unit="percent"
          summary={namespaces.map(({ name, index }) => `${name} ${formatPercent(latest ? namespaceHitRatio(latest, index) : Number.NaN)}`).join(', ') || 'no cached namespace'} />
        <TimeChart title="Evictions and expirations" series={charts.churn} {...empty} unit="rate"
          summary={`${formatCount(valueOf(latest, 'evictedKeys'))} evicted and ${formatCount(valueOf(latest, 'expiredKeys'))} expired so far`} />
        <TimeChart title="Memory vs maxmemory" series={charts.memory} {...empty} references={memoryRefs} unit="bytes"
          summary={`${formatBytes(valueOf(latest, 'usedMemoryBytes'))} used${maxmemoryBytes > 0 ? ` of ${formatBytes(maxmemoryBytes)}` : ', no limit'}`} />
        <TimeChart title="Origin load" series={charts.origin} {...empty} unit="rate"
          summary={`${formatRate(valueOf(latest, 'originQueriesPerSec'))} to the database, ${formatCount(valueOf(latest, 'originConcurrency'))} in flight`} />
        <TimeChart title="Latency percentiles" series={charts.latency} {...empty} unit="ms"
          summary={`p50 ${formatMs(valueOf(latest, 'p50Ms'))}, p95 ${formatMs(valueOf(latest, 'p95Ms'))}, p99 ${formatMs(valueOf(latest, 'p99Ms'))}`} />
        <LatencyCdf title="Latency distribution (CDF)" curves={result ? [{ label: 'requests', histogram: result.latency.histogram ?? [] }] : []} emptyText={result ? undefined : 'Drawn from the whole run when it ends'} loading={!result}
          marks={result ? [{ label: 'p50', ms: result.latency.p50Ms }, { label: 'p95', ms: result.latency.p95Ms }, { label: 'p99', ms: result.latency.p99Ms }] : []} />
        <TimeChart title="Stale reads" series={charts.stale} {...empty} unit="rate"
          summary={`${formatCount(valueOf(latest, 'staleReads'))} stale reads so far`} />
        {hasPubsub ? <PubsubCharts snapshots={snapshots} count={count} result={result} empty={empty} /> : null}
        {limiterNames.length > 0 ? <RateLimitCharts names={limiterNames} snapshots={snapshots} count={count} empty={empty} /> : null}
      </div>
    </SharedTimeZoom>
  );
}

function PubsubCharts({ snapshots, count, result, empty }: { snapshots: ReadonlyArray<Snapshot>; count: number; result: RunResult | null; empty: { emptyText: string; loading?: boolean } }) {
  const latest = pubsubOf(last(snapshots, count));
  const perSec = (d: Snapshot, i: number, key: 'dropped' | 'lost' | 'delivered') => {
    const p = pubsubOf(d);
    const dt = d.tMs - (i > 0 ? snapshots[i - 1].tMs : 0);
    return p && dt > 0 ? (p[key] * 1000) / dt : Number.NaN;
  };
  const series = useMemo(() => ({
    fanout: (['p50Ms', 'p95Ms', 'p99Ms'] as const).map((key, index) => snapshotSeries(key.replace('Ms', ''), snapshots, count, (d) => {
      const value = pubsubOf(d)?.[key];
      return typeof value === 'number' ? value : Number.NaN;
    }, { color: [2, 4, 1][index] })),
    drops: [
      snapshotSeries('dropped/s', snapshots, count, (d, i) => perSec(d, i, 'dropped'), { color: 1 }),
      snapshotSeries('lost/s', snapshots, count, (d, i) => perSec(d, i, 'lost'), { color: 3 }),
    ],
  }), [snapshots, count]);
  const shardCount = latest?.shardMsgsPerSec?.length ?? result?.pubsub?.shards.length ?? 0;
  // Two shards tied for the most load: neither is "the" hot shard.
  const { hot: hotShard, tied } = result?.pubsub ? hotShardsOf(result.pubsub) : { hot: null, tied: [] };
  return (
    <>
      <TimeChart title="Fan-out latency" series={series.fanout} {...empty} unit="ms"
        summary={result?.pubsub ? `p50 ${formatMs(result.pubsub.fanout.p50Ms)}, p99 ${formatMs(result.pubsub.fanout.p99Ms)}` : `p99 ${formatMs(latest?.p99Ms)}`} />
      <TimeChart title="Fan-out drops and losses" series={series.drops} {...empty} unit="rate"
        summary={result?.pubsub ? `${formatCount(result.pubsub.dropped)} dropped, ${formatCount(result.pubsub.lost)} lost of ${formatCount(result.pubsub.expected)} expected` : 'running'} />
      <HeatMap
        title="Per-shard load" rows={Math.max(1, shardCount)} columns={count} version={`${count}:${shardCount}`} {...empty}
        color={loadColor} legend={<LoadScaleLegend />} valueLabel="messages/s" valueFormat={(v) => formatRate(v, false)}
        value={(c, r) => pubsubOf(snapshots[c])?.shardMsgsPerSec?.[r] ?? Number.NaN}
        columnsLabel={(from, to) => `from ${formatInstant(from > 0 ? snapshots[from - 1].tMs : 0)} to ${formatInstant(snapshots[to - 1].tMs)}`}
        rowLabel={(r) => `shard ${r}${hotShard === r ? ' ★' : ''}`}
        summary={hotShard !== null ? `shard ${hotShard} is the hot shard` : tied.length > 1 ? `shards ${formatList(tied)} tie for the most load` : `${shardCount} shard${shardCount === 1 ? '' : 's'}`}
      />
    </>
  );
}
