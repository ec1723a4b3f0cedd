/**
 * `keyspace infer`: from a trace profile to a design file — namespaces mined from the keys, each
 * with its cardinality, skew, value size and TTL, the read/write mix as weighted operations,
 * invalidation rules where deletes show them, steady phases following the recorded rate, and the
 * origin latency from cache-aside fill delays. Every inferred value carries a YAML comment saying
 * how it was inferred; the text is validated with loadDesign before it is returned.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import { loadDesign } from '../../model';
import type { Design, PolicyName } from '../../model';
import { estimateNamespace, formatDuration, quantile } from './estimates';
import type { NamespaceEstimate } from './estimates';
import { mineNamespaces } from './namespaces';
import type { TraceProfile } from './profile';
import { inferPatternDeletes, inferPhases } from './traffic';
import type { PatternDeleteRule } from './traffic';

export interface InferOptions {
  /** Shown in the header comment and the design's name (a file name). */
  source?: string;
  /** The trace format, for the header comment. */
  format?: string;
  /** Server settings known from elsewhere (a capture's CONFIG GET); a trace does not show them. */
  server?: { maxmemory?: string; maxmemoryPolicy?: PolicyName; note?: string };
  /** Namespaces kept, by requests (default 40); the rest are listed in a comment. */
  maxNamespaces?: number;
  /** The single environment of the design (default prod). */
  environment?: string;
}

export interface InferResult {
  design: Design;
  /** The design file, comments included. */
  yaml: string;
  namespaces: NamespaceEstimate[];
  rules: PatternDeleteRule[];
  /** Namespaces left out by maxNamespaces: pattern and share of requests. */
  dropped: Array<{ pattern: string; share: number }>;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Four significant digits, as a plain number. */
function weight(n: number, total: number): number {
  return Number(((n / total) * 100).toPrecision(4));
}

function rate(perSec: number): string {
  return `${Number(Math.max(0.01, perSec).toFixed(2))}/s`;
}

export function inferDesign(profile: TraceProfile, options: InferOptions = {}): InferResult {
  const keys = profile.keys;
  if (keys.size === 0) throw new RangeError('the trace holds no request with a key: nothing to infer');
  const keyText = (id: number): string => keys.keyOf(id);
  const mined = mineNamespaces(keys.size, keyText);
  const all = mined.map((m) => estimateNamespace(profile, m, keyText));
  const requestsOf = (e: NamespaceEstimate): number => e.reads + e.writes + e.deletes + e.fills;
  const totalRequests = all.reduce((sum, e) => sum + requestsOf(e), 0);
  const ranked = [...all].sort((a, b) => requestsOf(b) - requestsOf(a));
  const kept = ranked.slice(0, options.maxNamespaces ?? 40).filter((e) => requestsOf(e) > 0 || ranked.length === 1);
  const estimates = all.filter((e) => kept.includes(e));
  const dropped = ranked.filter((e) => !kept.includes(e)).map((e) => ({ pattern: e.mined.pattern, share: requestsOf(e) / Math.max(1, totalRequests) }));

  const namespaceOf = new Int32Array(keys.size).fill(-1);
  estimates.forEach((e, i) => { for (const id of e.mined.keyIds) namespaceOf[id] = i; });
  const rules = inferPatternDeletes(profile, namespaceOf, estimates);

  const environment = options.environment ?? 'prod';
  const doc = new Document(buildObject(profile, estimates, rules, environment, options));
  annotate(doc, profile, estimates, rules, dropped, options);
  const yaml = doc.toString({ lineWidth: 0 });
  const loaded = loadDesign(yaml);
  if (!loaded.ok) {
    throw new Error(`the inferred design does not validate (a bug in keyspace infer):\n${loaded.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n')}`);
  }
  return { design: loaded.design, yaml, namespaces: estimates, rules, dropped };
}

function operationsOf(estimates: NamespaceEstimate[], rules: PatternDeleteRule[]): {
  operations: Array<{ namespace: string; op: 'read' | 'write' | 'invalidate'; weight: number; note: string }>;
  invalidation: Array<{ on: string; action: 'delete' | 'delete-pattern' | 'write-through'; target?: string; note: string }>;
  requests: number;
} {
  const raw: Array<{ namespace: string; op: 'read' | 'write' | 'invalidate'; count: number; note: string }> = [];
  const invalidation: Array<{ on: string; action: 'delete' | 'delete-pattern' | 'write-through'; target?: string; note: string }> = [];
  estimates.forEach((e, i) => {
    const name = e.mined.name;
    if (e.reads > 0) raw.push({ namespace: name, op: 'read', count: e.reads, note: `${count(e.reads)} reads (GET and the like)` });
    const triggers = rules.filter((r) => r.on === i);
    const explained = rules.filter((r) => r.target === i).reduce((sum, r) => sum + r.explained, 0);
    if (triggers.length > 0) {
      raw.push({ namespace: name, op: 'write', count: e.deletes, note: `${count(e.deletes)} deletes, each followed by pattern deletes: taken for entity writes` });
      invalidation.push({ on: name, action: 'delete', note: 'the written key is deleted' });
      for (const rule of triggers) {
        invalidation.push({ on: name, action: 'delete-pattern', target: rule.glob, note: `${count(rule.bursts)} bursts deleted ${count(rule.explained)} keys of ${estimates[rule.target].mined.name} right after a delete here` });
      }
    } else {
      if (e.writes > 0) {
        raw.push({ namespace: name, op: 'write', count: e.writes, note: `${count(e.writes)} writes not preceded by a read of the key (cache-aside fills excluded: ${count(e.fills)})` });
        invalidation.push({ on: name, action: 'write-through', note: 'the application writes values itself' });
      }
      const singles = e.deletes - explained;
      if (singles > 0) raw.push({ namespace: name, op: 'invalidate', count: singles, note: `${count(singles)} deletes${explained > 0 ? ` (${count(explained)} more came from pattern deletes)` : ''}` });
    }
  });
  const requests = raw.reduce((sum, op) => sum + op.count, 0);
  return { operations: raw.map((op) => ({ namespace: op.namespace, op: op.op, weight: weight(op.count, Math.max(1, requests)), note: op.note })), invalidation, requests };
}

function buildObject(profile: TraceProfile, estimates: NamespaceEstimate[], rules: PatternDeleteRule[], environment: string, options: InferOptions): Record<string, unknown> {
  const { operations, invalidation, requests } = operationsOf(estimates, rules);
  const phases = inferPhases(profile);
  const recorded = phases.reduce((sum, p) => sum + p.ratePerSec * p.durationSec, 0);
  const scale = recorded > 0 ? requests / recorded : 1;
  const delays = Float64Array.from(profile.fillDelays()).sort();
  const p50 = quantile(delays, 0.5);
  const p99 = quantile(delays, 0.99);
  // Fills faster than the rounding unit (an origin answering in microseconds) keep a median above 0, as a lognormal needs.
  const median = Math.max(MIN_LATENCY_MS, roundMs(p50));
  const latency = delays.length < 30 ? '20ms'
    : p99 <= p50 * 1.1 ? formatDuration(median)
      : { dist: 'lognormal', p50: formatDuration(median), p99: formatDuration(Math.max(median, roundMs(Math.max(p99, p50 * 1.1)))) };
  return {
    version: 1,
    name: `Inferred from ${options.source ?? 'a trace'}`,
    environments: [environment],
    defaultEnvironment: environment,
    namespaces: estimates.map((e) => ({
      name: e.mined.name,
      pattern: e.mined.pattern,
      cardinality: e.cardinality.value,
      valueSize: e.valueSize.value,
      skew: e.skew.value,
      dataClass: e.mined.name,
      readWrite: readWrite(e),
    })),
    ttlMatrix: Object.fromEntries(estimates.map((e) => [e.mined.name, { [environment]: e.ttl.value }])),
    invalidation: invalidation.map(({ note: _note, ...rule }) => rule),
    server: { maxmemory: options.server?.maxmemory ?? '0b', maxmemoryPolicy: options.server?.maxmemoryPolicy ?? 'noeviction' },
    origin: { latency },
    traffic: {
      seed: 1,
      phases: phases.map((p) => ({ name: p.name, shape: 'steady', rate: rate(p.ratePerSec * scale), duration: `${Math.max(1, Math.round(p.durationSec))}s` })),
      operations: operations.map(({ note: _note, ...op }) => op),
    },
  };
}

/** The smallest origin latency written (roundMs's unit below 10 ms). */
const MIN_LATENCY_MS = 0.1;

function roundMs(ms: number): number {
  return ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10;
}

function readWrite(e: NamespaceEstimate): string {
  const writes = e.writes + e.deletes;
  const total = e.reads + writes;
  if (total === 0) return '100/0';
  const reads = Math.round((100 * e.reads) / total);
  return `${reads}/${100 - reads}`;
}

function annotate(doc: Document, profile: TraceProfile, estimates: NamespaceEstimate[], rules: PatternDeleteRule[], dropped: InferResult['dropped'], options: InferOptions): void {
  const comment = (path: Array<string | number>, text: string): void => {
    const node = doc.getIn(path, true) as Scalar | YAMLMap | undefined;
    if (node) node.comment = ` ${text}`;
  };
  const flow = (path: Array<string | number>): void => {
    const node = doc.getIn(path);
    if (isMap(node) || isSeq(node)) node.flow = true;
  };
  const keysSeen = estimates.reduce((sum, e) => sum + e.keysSeen, 0);
  doc.commentBefore = [
    ` Inferred by keyspace infer from ${options.source ?? 'a trace'}${options.format ? ` (${options.format})` : ''}:`,
    ` ${count(profile.records)} records over ${formatDuration(Math.max(1, Math.round(profile.durationSec)) * 1000)}, ${count(keysSeen)} distinct keys, DB ${[...profile.dbs].sort((a, b) => a - b).join(', ') || '0'}.`,
    ' Each value says how it was inferred; "assumed" marks what a trace cannot show. Check them, then:',
    '   keyspace run <this file>      or      keyspace replay <trace> --design <this file>',
    ...(dropped.length > 0 ? [` Left out (beyond ${options.maxNamespaces ?? 40} namespaces): ${dropped.slice(0, 10).map((d) => `${d.pattern} ${(d.share * 100).toFixed(2)} %`).join(', ')}${dropped.length > 10 ? ', …' : ''}`] : []),
    ...(profile.outOfOrder > 0 ? [` ${count(profile.outOfOrder)} records were out of time order.`] : []),
  ].join('\n');
  estimates.forEach((e, i) => {
    const base = ['namespaces', i];
    const item = doc.getIn(base) as YAMLMap;
    const hot = e.hotKeys.filter((h) => h.share > 0).map((h) => `${h.key} (${(h.share * 100).toFixed(2)} %)`).join(', ');
    const big = e.bigKeys.map((b) => `${b.key} (${b.bytes.toLocaleString('en-US')} B)`).join(', ');
    item.commentBefore = [
      ` ${e.mined.pattern}: ${count(e.reads)} reads, ${count(e.fills)} cache-aside fills, ${count(e.writes)} other writes, ${count(e.deletes)} deletes`,
      ...(hot ? [` hot keys: ${hot}`] : []),
      ...(big ? [` big keys: ${big}`] : []),
    ].join('\n');
    comment([...base, 'pattern'], placeholderNote(e));
    comment([...base, 'cardinality'], e.cardinality.note);
    comment([...base, 'valueSize'], e.valueSize.note);
    comment([...base, 'skew'], e.skew.note);
    comment([...base, 'readWrite'], 'reads / (writes + deletes) seen; the operations below carry the exact weights');
    flow([...base, 'skew']);
    flow([...base, 'valueSize']);
    comment(['ttlMatrix', e.mined.name, options.environment ?? 'prod'], e.ttl.note);
    flow(['ttlMatrix', e.mined.name, options.environment ?? 'prod']);
  });
  const { operations, invalidation } = operationsOf(estimates, rules);
  invalidation.forEach((rule, i) => { flow(['invalidation', i]); comment(['invalidation', i], rule.note); });
  operations.forEach((op, i) => { flow(['traffic', 'operations', i]); comment(['traffic', 'operations', i], op.note); });
  const phases = doc.getIn(['traffic', 'phases']);
  if (isSeq(phases)) phases.items.forEach((_p, i) => flow(['traffic', 'phases', i]));
  flow(['environments']);
  comment(['traffic', 'seed'], 'any seed: the recorded traffic is replayed by keyspace replay; this design generates similar traffic');
  const serverNote = options.server?.note ?? (options.server?.maxmemory ? 'given on the command line' : 'assumed: a trace does not show maxmemory or the policy; set them (CONFIG GET maxmemory*) or pass --maxmemory/--policy');
  comment(['server', 'maxmemory'], serverNote);
  const delays = profile.fillDelays();
  comment(['origin', 'latency'], delays.length >= 30 ? `from ${count(delays.length)} delays between a GET and the SET that filled its key (cache-aside)` : 'assumed: too few cache-aside fills to measure the origin');
  flow(['origin', 'latency']);
}

function placeholderNote(e: NamespaceEstimate): string {
  const kinds = e.mined.placeholderKinds;
  if (kinds.length === 0) return 'a literal key';
  const names: Record<string, string> = { number: 'numeric ids', uuid: 'UUIDs', hex: 'hex ids', token: 'random tokens', text: 'many distinct names', word: 'many distinct names' };
  return `placeholders stand for ${[...new Set(kinds.map((k) => names[k]))].join(' and ')}`;
}
