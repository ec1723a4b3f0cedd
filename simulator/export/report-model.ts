/**
 * What the review report says, independent of its format: the design summary, the TTL matrix,
 * invalidation rules, the channel/shard map, each run's metrics and assertions, and the fidelity
 * table. report-html and report-md render it.
 */
import { formatDurationMs, parseDurationMs, parseTtlMs } from '../model';
import type { RunResult, TargetOutcome } from '../run';
import { evaluateTargets, formatSpeed } from '../run';
import type { ChannelMap } from './channel-map';
import { channelMap } from './channel-map';
import type { ExportFacts } from './facts';
import type { FidelityRow, LabelledResult, ReportInput } from './types';

export interface RunSection {
  label: string;
  result: RunResult;
  metrics: Array<[string, string]>;
  assertions: TargetOutcome[];
}

export interface ReportModel {
  facts: ExportFacts;
  summary: Array<[string, string]>;
  ttl: { environments: string[]; rows: Array<{ dataClass: string; namespaces: string[]; cells: string[] }> };
  namespaces: Array<[string, string, string, string, string]>;
  rules: string[];
  channels: ChannelMap | null;
  runs: RunSection[];
  fidelity: FidelityRow[] | null;
}

export const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 1)} ms`);
export const mb = (v: number) => `${(v / 1024 / 1024).toFixed(1)} MB`;
export const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** How the report shows `ttl: none`. */
export const NO_EXPIRY = 'none (no expiry)';
const NOT_CACHED = 'not cached';

/** A duration as the report shows every duration (`120s` → `2m`); text it cannot read stays as written. */
function durationText(text: string): string {
  const parsed = parseDurationMs(text);
  return parsed.ok ? formatDurationMs(parsed.value) : text;
}

/** A TTL cell as the report shows every duration (`24h` → `1d`, as the namespaces table says it). */
function ttlText(text: string): string {
  const parsed = parseTtlMs(text);
  if (!parsed.ok) return text;
  if (parsed.value === null) return NO_EXPIRY;
  return parsed.value === 0 ? NOT_CACHED : durationText(text);
}

/** The design summary's column heads (a table with an empty head row reads as a blank line). */
export const SUMMARY_HEAD = ['item', 'value'] as const;

export function reportModel(facts: ExportFacts, input: ReportInput): ReportModel {
  const { design } = facts;
  const server = facts.conf.map((s) => `${s.name} ${s.value}`).join('; ');
  const summary: Array<[string, string]> = [
    ['design', design.name],
    ['environment', `${facts.environment} (of ${design.environments.join(', ')})`],
    ['design sha256', facts.stamp.hash],
    ['namespaces', `${design.namespaces.length} (${design.namespaces.reduce((sum, ns) => sum + ns.cardinality, 0).toLocaleString('en-US')} keys)`],
    ['server', `${design.server.maxmemory} ${design.server.maxmemoryPolicy}${design.server.cluster ? ', cluster' : ''}`],
    ['redis.conf', server],
    ['origin', `pool ${design.origin.maxConcurrency}${design.origin.capacity ? `, limit ${design.origin.capacity}` : ''}`],
    ['client', `rtt ${design.client.rtt}${design.client.singleFlight ? ', single-flight' : ''}`],
    ['traffic', design.traffic.phases.map((p, i) => `${p.name ?? `phase ${i + 1}`} (${p.shape}, ${durationText(p.duration)})`).join(', ')],
    ['targets', design.targets.join(', ') || 'none'],
  ];
  if (facts.pubsub) {
    const t = facts.pubsub.topology;
    summary.push(['pub/sub', `${facts.channels.length} channel groups, ${t.mode}${t.mode === 'cluster' ? ` (${t.shards ?? 3} shards)` : ''}, ${t.publish} publish`]);
  }
  const ttl = {
    environments: design.environments,
    rows: Object.entries(design.ttlMatrix).map(([dataClass, row]) => ({
      dataClass,
      namespaces: design.namespaces.filter((ns) => ns.dataClass === dataClass).map((ns) => ns.name),
      cells: design.environments.map((env) => {
        const cell = row[env];
        if (!cell) return '—';
        const jitter = Number.parseFloat(cell.jitter) > 0 ? ` ±${cell.jitter}` : '';
        return `${ttlText(cell.ttl)}${jitter}`;
      }),
    })),
  };
  const namespaces = facts.namespaces.map((ns): [string, string, string, string, string] => [
    ns.name, ns.pattern, ns.dataClass, ns.ttlMs === null ? NO_EXPIRY : ns.cacheable ? formatDurationMs(ns.ttlMs) : NOT_CACHED, ns.jitterPct > 0 ? `±${ns.jitterPct}%` : '—',
  ]);
  const runs = (input.results ?? []).map((run) => runSection(run, design.targets, facts.stamp.hash));
  return {
    facts, summary, ttl, namespaces,
    rules: facts.rules.map((rule) => rule.summary),
    channels: channelMap(facts),
    runs,
    fidelity: input.fidelity ? input.fidelity.diff ?? fidelityRows(input.fidelity.sim, input.fidelity.live) : null,
  };
}

function runSection(run: LabelledResult, targets: ReadonlyArray<string>, designHash: string): RunSection {
  const r = run.result;
  const pace = run.speed === undefined ? '' : run.speed === null ? ', virtual time' : `, speed ${formatSpeed(run.speed)}`;
  const metrics: Array<[string, string]> = [
    ['requests', `${int(r.requests)}${r.partial ? ' (partial)' : ''}`],
    ['engine', `${r.engine}, seed ${r.design.seed}, ${formatDurationMs(Math.round(r.durationMs))}${pace}`],
    ['hit ratio', pct(r.cache.hitRatio)],
    ['latency p50 / p95 / p99', `${ms(r.latency.p50Ms)} / ${ms(r.latency.p95Ms)} / ${ms(r.latency.p99Ms)}`],
    ['evicted / expired keys', `${int(r.cache.evictedKeys)} / ${int(r.cache.expiredKeys)}`],
    ['used memory (peak)', `${mb(r.cache.usedMemoryBytes)} (${mb(r.cache.peakMemoryBytes)})`],
    ['stale reads', int(r.cache.staleReads)],
    ['origin queries', `${int(r.origin.queries)} (peak ${r.origin.queriesPerSecPeak.toFixed(0)}/s)`],
  ];
  const pubsub = r.pubsub;
  if (pubsub) {
    metrics.push(['fan-out p50 / p95 / p99', `${ms(pubsub.fanout.p50Ms)} / ${ms(pubsub.fanout.p95Ms)} / ${ms(pubsub.fanout.p99Ms)}`],
      ['delivered / dropped / lost', `${int(pubsub.delivered)} / ${int(pubsub.dropped)} / ${int(pubsub.lost)}`],
      ['subscriber disconnects', int(pubsub.connections.subscriberDisconnects)]);
  }
  // One row per failure event (the same timeline lines up across runs), then the fork headroom.
  for (const [i, e] of (r.failures?.events ?? []).entries()) {
    metrics.push([`failure ${i + 1}: ${e.kind} at ${formatDurationMs(Math.round(e.atMs))}`,
      `unavailable ${ms(e.unavailableMs)}, ${int(e.errors)} errors, ${int(e.keysLost)} keys lost, hit ratio ${pct(e.hitRatioBefore)} → ${pct(e.hitRatioMin)}, `
      + `${e.recoveryMs === null ? 'not back in the run' : `back after ${ms(e.recoveryMs)}`}`]);
  }
  if (r.failures?.forkHeadroomBytes !== undefined) metrics.push(['fork copy-on-write headroom', mb(r.failures.forkHeadroomBytes)]);
  if (run.designHash !== undefined) {
    // A run of another version of the design is still worth showing, but not as this design's result.
    metrics.push(['design sha256', run.designHash === null ? 'not recorded' : run.designHash === designHash ? `${run.designHash} (this design)` : `${run.designHash} (another version of the design)`]);
  }
  return { label: run.label, result: r, metrics, assertions: evaluateTargets(targets, r) };
}

/** The run results as rows (metric, then one value per run), by metric name: a run without a row leaves its cell empty. */
export function runRows(runs: ReadonlyArray<RunSection>): string[][] {
  const names = [...new Set(runs.flatMap((run) => run.metrics.map(([name]) => name)))];
  return names.map((name) => [name, ...runs.map((run) => run.metrics.find(([metric]) => metric === name)?.[1] ?? '')]);
}

/** The fidelity table when the caller gave only the two results. */
export function fidelityRows(sim: RunResult, live: RunResult): FidelityRow[] {
  const row = (metric: string, unit: FidelityRow['unit'], get: (r: RunResult) => number): FidelityRow => ({ metric, unit, sim: get(sim), live: get(live) });
  return [
    row('hit ratio', 'ratio', (r) => r.cache.hitRatio),
    row('evicted keys', 'count', (r) => r.cache.evictedKeys),
    row('expired keys', 'count', (r) => r.cache.expiredKeys),
    row('used memory', 'bytes', (r) => r.cache.usedMemoryBytes),
    row('p95 latency', 'ms', (r) => r.latency.p95Ms),
    row('origin queries', 'count', (r) => r.origin.queries),
  ];
}

const DIFF_METRICS: Readonly<Record<string, { metric: string; unit: NonNullable<FidelityRow['unit']> }>> = {
  hitRatio: { metric: 'hit ratio', unit: 'ratio' },
  evictedKeys: { metric: 'evicted keys', unit: 'count' },
  expiredKeys: { metric: 'expired keys', unit: 'count' },
  usedMemoryBytes: { metric: 'used memory', unit: 'bytes' },
  staleReads: { metric: 'stale reads', unit: 'count' },
  oomRejections: { metric: 'OOM rejections', unit: 'count' },
  keys: { metric: 'keys at the end', unit: 'count' },
};

/**
 * The rows of a fidelity check's `diff` (`{ hitRatio: { sim, live, target: '±0.5 pp', met } … }`,
 * as `keyspace fidelity --json` and the app record it), in its order; a `report only` metric has
 * no verdict, and entries that are not a comparison are left out.
 */
export function fidelityDiffRows(diff: Readonly<Record<string, unknown>>): FidelityRow[] {
  const rows: FidelityRow[] = [];
  for (const [key, value] of Object.entries(diff)) {
    const m = value as { sim?: unknown; live?: unknown; target?: unknown; met?: unknown } | null;
    if (typeof m !== 'object' || m === null || typeof m.sim !== 'number' || typeof m.live !== 'number' || typeof m.target !== 'string' || typeof m.met !== 'boolean') continue;
    const known = DIFF_METRICS[key] ?? { metric: key, unit: 'count' as const };
    const checked = m.target !== 'report only';
    rows.push({ metric: known.metric, unit: known.unit, sim: m.sim, live: m.live, ...(checked ? { ok: m.met, tolerance: m.target } : {}) });
  }
  return rows;
}

export function formatFidelity(value: number, unit: FidelityRow['unit']): string {
  switch (unit) {
    case 'ratio': return pct(value);
    case 'ms': return ms(value);
    case 'bytes': return mb(value);
    default: return Number.isInteger(value) ? int(value) : value.toFixed(3);
  }
}

/** `within tolerance (±0.5 pp)`, `OUT of tolerance (±2 %)`, or nothing for a metric reported only. */
export function fidelityVerdict(row: FidelityRow): string {
  if (row.ok === undefined) return '';
  return `${row.ok ? 'within tolerance' : 'OUT of tolerance'}${row.tolerance ? ` (${row.tolerance})` : ''}`;
}

/** The relative difference, live against sim, as text. */
export function fidelityDelta(row: FidelityRow): string {
  if (row.unit === 'ratio') return `${((row.live - row.sim) * 100).toFixed(2)} pt`;
  if (row.sim === 0) return row.live === 0 ? '0' : 'n/a';
  return `${(((row.live - row.sim) / Math.abs(row.sim)) * 100).toFixed(1)}%`;
}
