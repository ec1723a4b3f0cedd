/**
 * What changed between two designs, in plain words (`TTL of data class product in prod: 5m →
 * 10m`), and — given a run of each — how the key metrics moved and which targets flipped.
 */
import type { Design } from '../model';
import type { RunResult } from '../run';
import { evaluateTargets } from '../run';
import { mb, ms, pct } from './report-model';

export interface DesignChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
  /** What changed, in plain words, without the values: `TTL of data class product in prod`. */
  label: string;
  /** Where it belongs, for grouping: `namespace product`, `data class catalog`, `server`, `targets`. */
  group: string;
  /** The change in plain words. */
  text: string;
}

export interface MetricDelta {
  metric: string;
  before: number;
  after: number;
  /** `95.49%`, `97.10%`: the values as the text shows them. */
  beforeText: string;
  afterText: string;
  /** The signed change: `+1.61 pt`, `-12.5%`, `new`, or `=` when the shown values are equal. */
  change: string;
  /** `95.49% → 97.10% (+1.61 pt, better)` */
  text: string;
  /** True when the change is an improvement, false when worse, null when unchanged. */
  better: boolean | null;
}

export interface DesignDiff {
  changes: DesignChange[];
  metrics: MetricDelta[];
  /** Targets whose outcome differs between the two runs, or that only one design has. */
  targets: string[];
  /** Everything above as text for a terminal or a pull request. */
  text: string;
}

const LABELS: Record<string, string> = {
  cardinality: 'number of keys', valueSize: 'value size', skew: 'key popularity (skew)', dataClass: 'data class',
  pattern: 'key pattern', readWrite: 'read/write mix', prewarm: 'cache warmer at start', description: 'description',
  maxmemory: 'memory limit (maxmemory)', maxmemoryPolicy: 'eviction policy (maxmemory-policy)', maxmemorySamples: 'maxmemory-samples',
  lfuLogFactor: 'lfu-log-factor', lfuDecayTime: 'lfu-decay-time', hz: 'hz', activeExpireEffort: 'active-expire-effort',
  cluster: 'cluster mode', latency: 'latency', maxConcurrency: 'database connection pool', capacity: 'database rate limit',
  rtt: 'round trip to Redis', singleFlight: 'single-flight loads', seed: 'random seed', users: 'users', weight: 'weight',
  op: 'operation', delay: 'propagation delay', action: 'action', target: 'target', rate: 'rate', duration: 'duration',
  name: 'name', defaultEnvironment: 'default environment',
};

const SECTIONS: Record<string, string> = { server: 'server', origin: 'database', client: 'client', traffic: 'traffic', pubsub: 'pub/sub' };

/** Items of these lists are matched by a key, not by position. */
function itemKey(listPath: string, item: unknown, index: number): string {
  if (item === null || typeof item !== 'object') return `#${index}`;
  const record = item as Record<string, unknown>;
  if (listPath === 'invalidation') return `${String(record.on)} ${String(record.action)}${record.target ? ` ${String(record.target)}` : ''}`;
  if (listPath === 'traffic.operations') return `${String(record.namespace)} ${String(record.op ?? 'mixed')}`;
  if (typeof record.name === 'string') return record.name;
  return `#${index}`;
}

/** A compact one-line rendering: `{ dist: lognormal, p50: 2kb }`. */
export function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${inline(v)}`).join(', ')} }`;
  return String(value);
}

function atomic(value: unknown): boolean {
  return value === null || typeof value !== 'object' || (!Array.isArray(value) && 'dist' in value)
    || (Array.isArray(value) && value.every((v) => typeof v !== 'object'));
}

export function diffDesigns(a: Design, b: Design, results?: { a: RunResult; b: RunResult }): DesignDiff {
  const changes: DesignChange[] = [];
  walk(a, b, [], changes, b);
  const metrics = results ? [...metricDeltas(results.a, results.b), ...targetsMet(a, b, results.a, results.b)] : [];
  const targets = results ? targetFlips(a, b, results.a, results.b) : [];
  return { changes, metrics, targets, text: diffText(a, b, changes, metrics, targets) };
}

function walk(before: unknown, after: unknown, path: string[], out: DesignChange[], design: Design): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined || after === undefined || atomic(before) || atomic(after)) {
    if (Array.isArray(before) && Array.isArray(after) && before.every((v) => typeof v !== 'object') && after.every((v) => typeof v !== 'object')) {
      for (const item of before) if (!after.includes(item)) out.push(change(path, 'removed', inline(item), undefined, design));
      for (const item of after) if (!before.includes(item)) out.push(change(path, 'added', undefined, inline(item), design));
      if (before.length === after.length && before.every((v) => after.includes(v))) out.push(change(path, 'changed', inline(before), inline(after), design));
      return;
    }
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    out.push(change(path, kind, before === undefined ? undefined : inline(before), after === undefined ? undefined : inline(after), design));
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const listPath = path.join('.');
    const left = new Map(before.map((item, i) => [itemKey(listPath, item, i), item]));
    const right = new Map(after.map((item, i) => [itemKey(listPath, item, i), item]));
    for (const [key, item] of left) walk(item, right.get(key), [...path, `[${key}]`], out, design);
    for (const [key, item] of right) if (!left.has(key)) walk(undefined, item, [...path, `[${key}]`], out, design);
    return;
  }
  const l = before as Record<string, unknown>;
  const r = after as Record<string, unknown>;
  const keys = [...Object.keys(l), ...Object.keys(r).filter((k) => !(k in l))];
  for (const key of keys) if (key !== '$schema') walk(l[key], r[key], [...path, key], out, design);
}

function change(path: string[], kind: DesignChange['kind'], before: string | undefined, after: string | undefined, design: Design): DesignChange {
  const where = path.map((p, i) => (p.startsWith('[') || i === 0 ? p : `.${p}`)).join('');
  // Long prose (a description) is named, not quoted; structured values are shown whole.
  const long = [before, after].some((v) => v !== undefined && v.length > 60 && !v.startsWith('{') && !v.startsWith('['));
  const arrow = long ? ` ${kind} (long text; see the files)`
    : kind === 'changed' ? `: ${before} → ${after}` : kind === 'added' ? ` added: ${after}` : ` removed (was ${before})`;
  const label = describe(path, design);
  return { path: where, kind, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), label, group: groupOf(path), text: `${label}${arrow}` };
}

function groupOf(path: string[]): string {
  const [head, first] = path;
  const name = (first ?? '').replace(/^\[|\]$/g, '');
  if (head === 'namespaces' && first) return `namespace ${name}`;
  if (head === 'ttlMatrix' && first) return `data class ${name}`;
  if (head === 'invalidation' || head === 'targets' || head === 'environments') return head;
  return SECTIONS[head] ?? 'design';
}

function describe(path: string[], design: Design): string {
  const [head, ...rest] = path;
  const name = (p: string | undefined) => (p ?? '').replace(/^\[|\]$/g, '');
  const leaf = rest.length > 0 ? LABELS[rest[rest.length - 1]] ?? rest[rest.length - 1] : undefined;
  switch (head) {
    case 'ttlMatrix': {
      const [dataClass, env, field] = rest;
      const users = design.namespaces.filter((ns) => ns.dataClass === dataClass).map((ns) => ns.name);
      const what = field === 'jitter' ? 'TTL jitter' : field === 'ttl' ? 'TTL' : 'TTL matrix row';
      return `${what} of data class ${dataClass}${env ? ` in ${env}` : ''}${users.length ? ` (namespaces ${users.join(', ')})` : ''}`;
    }
    case 'namespaces': return rest.length > 1 ? `namespace ${name(rest[0])}: ${leaf}` : `namespace ${name(rest[0])}`;
    case 'invalidation': return rest.length > 1 ? `invalidation rule "${name(rest[0])}": ${leaf}` : `invalidation rule "${name(rest[0])}"`;
    case 'targets': return 'target';
    case 'environments': return 'environment';
    default: {
      const section = SECTIONS[head] ?? head;
      const middle = rest.slice(0, -1).map(name).join(' ');
      return leaf ? `${section}${middle ? ` ${middle}` : ''}: ${leaf}` : LABELS[head] ?? head;
    }
  }
}

const METRICS: Array<[string, (r: RunResult) => number, 'ratio' | 'ms' | 'count' | 'bytes', 'higher' | 'lower']> = [
  ['hit ratio', (r) => r.cache.hitRatio, 'ratio', 'higher'],
  ['p50 latency', (r) => r.latency.p50Ms, 'ms', 'lower'],
  ['p95 latency', (r) => r.latency.p95Ms, 'ms', 'lower'],
  ['p99 latency', (r) => r.latency.p99Ms, 'ms', 'lower'],
  ['evicted keys', (r) => r.cache.evictedKeys, 'count', 'lower'],
  ['expired keys', (r) => r.cache.expiredKeys, 'count', 'lower'],
  ['stale reads', (r) => r.cache.staleReads, 'count', 'lower'],
  ['OOM rejections', (r) => r.cache.oomRejections, 'count', 'lower'],
  ['used memory', (r) => r.cache.usedMemoryBytes, 'bytes', 'lower'],
  ['origin queries', (r) => r.origin.queries, 'count', 'lower'],
];

function format(value: number, unit: 'ratio' | 'ms' | 'count' | 'bytes'): string {
  return unit === 'ratio' ? pct(value) : unit === 'ms' ? ms(value) : unit === 'bytes' ? mb(value) : Math.round(value).toLocaleString('en-US');
}

function metricDeltas(a: RunResult, b: RunResult): MetricDelta[] {
  return METRICS.map(([metric, get, unit, good]) => {
    const before = get(a);
    const after = get(b);
    const same = format(before, unit) === format(after, unit);
    const better = same ? null : good === 'higher' ? after > before : after < before;
    const change = unit === 'ratio' ? `${after >= before ? '+' : ''}${((after - before) * 100).toFixed(2)} pt`
      : before === 0 ? (after === 0 ? '=' : 'new') : `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)}%`;
    const verdict = better === null ? 'unchanged' : better ? 'better' : 'worse';
    const [beforeText, afterText, signed] = [format(before, unit), format(after, unit), same ? '=' : change];
    return { metric, before, after, beforeText, afterText, change: signed, better, text: `${beforeText} → ${afterText} (${signed}, ${verdict})` };
  });
}

/** How many of each design's own targets its run meets: `2 of 3 → 3 of 3 (+1, better)`. */
function targetsMet(a: Design, b: Design, ra: RunResult, rb: RunResult): MetricDelta[] {
  if (a.targets.length === 0 && b.targets.length === 0) return [];
  const met = (design: Design, result: RunResult) => evaluateTargets(design.targets, result).filter((t) => t.passed).length;
  const [before, after] = [met(a, ra), met(b, rb)];
  const [beforeText, afterText] = [`${before} of ${a.targets.length}`, `${after} of ${b.targets.length}`];
  const same = before === after;
  const better = same ? null : after > before;
  const change = same ? '=' : `${after > before ? '+' : ''}${after - before}`;
  return [{ metric: 'targets met', before, after, beforeText, afterText, change, better, text: `${beforeText} → ${afterText} (${change}, ${better === null ? 'unchanged' : better ? 'better' : 'worse'})` }];
}

function targetFlips(a: Design, b: Design, ra: RunResult, rb: RunResult): string[] {
  const outcome = (text: string, result: RunResult): string => {
    const [checked] = evaluateTargets([text], result);
    return checked.invalid ? 'invalid' : checked.passed ? 'passes' : 'fails';
  };
  const lines: string[] = [];
  for (const text of [...new Set([...a.targets, ...b.targets])]) {
    const before = outcome(text, ra);
    const after = outcome(text, rb);
    const only = !a.targets.includes(text) ? ' (new target)' : !b.targets.includes(text) ? ' (target dropped)' : '';
    if (before !== after || only) lines.push(`${text}: ${before} → ${after}${only}`);
  }
  return lines;
}

function diffText(a: Design, b: Design, changes: DesignChange[], metrics: MetricDelta[], targets: string[]): string {
  const lines = [`Design "${a.name}" → "${b.name}"`, ''];
  if (changes.length === 0) lines.push('No changes to the design.');
  else lines.push(`${changes.length} change${changes.length === 1 ? '' : 's'}:`, ...changes.map((c) => `  - ${c.text}`));
  if (metrics.length > 0) {
    const width = Math.max(...metrics.map((m) => m.metric.length));
    lines.push('', 'Key metrics (first design → second):', ...metrics.map((m) => `  ${m.metric.padEnd(width)}  ${m.text}`));
    lines.push('', targets.length ? 'Targets that moved:' : 'Every target has the same outcome in both runs.', ...targets.map((t) => `  - ${t}`));
  }
  return lines.join('\n');
}
