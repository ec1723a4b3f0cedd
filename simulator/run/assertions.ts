/**
 * Threshold assertions on a RunResult — `hitRatio>=0.7`, `p95<=200ms`, `lost==0`,
 * `namespaces.products.hitRatio>=0.8` — for `keyspace run --assert` and a design's `targets`.
 */
import { parseDurationMs, parseSizeBytes } from '../model/units';
import type { RunResult } from './result';

type Unit = 'ratio' | 'ms' | 'count' | 'bytes' | 'bits/s';
type Getter = (result: RunResult) => number | undefined;

interface MetricDef {
  unit: Unit;
  get: Getter;
}

const METRICS: Record<string, MetricDef> = {
  hitRatio: { unit: 'ratio', get: (r) => r.cache.hitRatio },
  hits: { unit: 'count', get: (r) => r.cache.hits },
  misses: { unit: 'count', get: (r) => r.cache.misses },
  evictedKeys: { unit: 'count', get: (r) => r.cache.evictedKeys },
  expiredKeys: { unit: 'count', get: (r) => r.cache.expiredKeys },
  staleReads: { unit: 'count', get: (r) => r.cache.staleReads },
  oomRejections: { unit: 'count', get: (r) => r.cache.oomRejections },
  usedMemory: { unit: 'bytes', get: (r) => r.cache.usedMemoryBytes },
  peakMemory: { unit: 'bytes', get: (r) => r.cache.peakMemoryBytes },
  requests: { unit: 'count', get: (r) => r.requests },
  p50: { unit: 'ms', get: (r) => r.latency.p50Ms },
  p95: { unit: 'ms', get: (r) => r.latency.p95Ms },
  p99: { unit: 'ms', get: (r) => r.latency.p99Ms },
  p999: { unit: 'ms', get: (r) => r.latency.p999Ms },
  originQueries: { unit: 'count', get: (r) => r.origin.queries },
  originPeakConcurrency: { unit: 'count', get: (r) => r.origin.peakConcurrency },
  bandwidth: { unit: 'bits/s', get: (r) => r.network.bitsPerSec },
  // Pub/sub fan-out (absent when the design has no channels: such an assertion fails, naming why).
  published: { unit: 'count', get: (r) => r.pubsub?.published },
  delivered: { unit: 'count', get: (r) => r.pubsub?.delivered },
  dropped: { unit: 'count', get: (r) => r.pubsub?.dropped },
  lost: { unit: 'count', get: (r) => r.pubsub?.lost },
  duplicated: { unit: 'count', get: (r) => r.pubsub?.duplicated },
  replayed: { unit: 'count', get: (r) => r.pubsub?.replayed },
  'fanout.p50': { unit: 'ms', get: (r) => r.pubsub?.fanout.p50Ms },
  'fanout.p95': { unit: 'ms', get: (r) => r.pubsub?.fanout.p95Ms },
  'fanout.p99': { unit: 'ms', get: (r) => r.pubsub?.fanout.p99Ms },
  'fanout.p999': { unit: 'ms', get: (r) => r.pubsub?.fanout.p999Ms },
  fanoutBandwidth: { unit: 'bits/s', get: (r) => r.pubsub?.bandwidthBitsPerSec },
  shardImbalance: { unit: 'count', get: (r) => r.pubsub?.shardImbalancePct },
  workerImbalance: { unit: 'count', get: (r) => r.pubsub?.workerImbalancePct },
};

/** Extra metric families (pub/sub, …) register here so assertions stay in one place. */
export function registerMetric(name: string, unit: Unit, get: Getter): void {
  METRICS[name] = { unit, get };
}

const NAMESPACE_FIELDS: Record<string, Unit> = {
  hitRatio: 'ratio', hits: 'count', misses: 'count', evictedKeys: 'count', expiredKeys: 'count',
  staleReads: 'count', oomRejections: 'count', usedMemoryBytes: 'bytes', keys: 'count', originQueries: 'count',
};

const OPERATORS = ['>=', '<=', '==', '!=', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

export interface Assertion {
  text: string;
  metric: string;
  operator: Operator;
  expected: number;
  unit: Unit;
}

export interface AssertionOutcome {
  assertion: Assertion;
  actual: number | undefined;
  passed: boolean;
  /** One line: `hitRatio>=0.7: 0.731 ✓` or the reason it failed. */
  message: string;
}

/** Parses an assertion, or returns an error naming what is valid. */
export function parseAssertion(text: string): Assertion | string {
  const operator = OPERATORS.find((op) => text.includes(op));
  if (!operator) return `assertion "${text}" needs a comparison (>=, <=, ==, !=, >, <), e.g. "hitRatio>=0.7"`;
  const [metricText, valueText] = text.split(operator).map((s) => s.trim());
  const unit = unitOf(metricText);
  if (!unit) return `assertion "${text}": unknown metric "${metricText}"; known: ${Object.keys(METRICS).join(', ')}, namespaces.<name>.<field>, classes.<name>.<field>, rateLimits.<name>.<field>, rateLimits.<name>.normal|abusive.<field>`;
  const expected = parseValue(valueText, unit);
  if (expected === undefined) return `assertion "${text}": "${valueText}" is not a ${unit} value${unitHint(unit)}`;
  return { text, metric: metricText, operator, expected, unit };
}

/** Per-class pub/sub fields: `classes.critical.lost==0`. */
const CLASS_FIELDS: Record<string, Unit> = {
  published: 'count', delivered: 'count', dropped: 'count', lost: 'count', duplicated: 'count', replayed: 'count',
};

/** Per-limiter fields: `rateLimits.per-ip.overAdmitted<=0`, `rateLimits.per-ip.abusive.admitted<=200`. */
const RATE_LIMIT_FIELDS: Record<string, Unit> = {
  requests: 'count', admitted: 'count', refused: 'count', overAdmitted: 'count', wronglyRefused: 'count', exactAdmitted: 'count',
  keys: 'count', usedMemoryBytes: 'bytes', maxKeyMemoryUsageBytes: 'bytes', meanKeyMemoryUsageBytes: 'bytes', evictedKeys: 'count',
  evictionResets: 'count', oomErrors: 'count', commands: 'count', roundTrips: 'count', bytesSent: 'bytes', bytesReceived: 'bytes',
};
const RATE_LIMIT_CLASS_FIELDS = new Set(['requests', 'admitted', 'refused', 'overAdmitted', 'wronglyRefused', 'exactAdmitted']);
/** Limiter names may hold dots: the name is everything between `rateLimits.` and the field. */
const RATE_LIMIT_METRIC = /^rateLimits\.(.+?)(?:\.(normal|abusive))?\.([A-Za-z]+)$/;

/** The limiter a metric such as `rateLimits.per-ip.abusive.overAdmitted` names, or null (not a limiter's metric). */
export function rateLimitOfMetric(metric: string): string | null {
  return RATE_LIMIT_METRIC.exec(metric)?.[1] ?? null;
}

function rateLimitUnit(metric: string): Unit | undefined {
  const match = RATE_LIMIT_METRIC.exec(metric);
  if (!match) return undefined;
  if (match[2] && !RATE_LIMIT_CLASS_FIELDS.has(match[3])) return undefined;
  return RATE_LIMIT_FIELDS[match[3]];
}

function unitOf(metric: string): Unit | undefined {
  if (METRICS[metric]) return METRICS[metric].unit;
  if (metric.startsWith('rateLimits.')) return rateLimitUnit(metric);
  const classMatch = /^classes\.([^.]+)\.([A-Za-z]+)$/.exec(metric);
  if (classMatch) return CLASS_FIELDS[classMatch[2]];
  const match = /^namespaces\.([^.]+)\.([A-Za-z]+)$/.exec(metric);
  return match ? NAMESPACE_FIELDS[match[2]] : undefined;
}

function unitHint(unit: Unit): string {
  switch (unit) {
    case 'ms': return ' (write it with a unit: 200ms, 1.5s)';
    case 'ratio': return ' (0.7 or 70%)';
    case 'bytes': return ' (64mb, 512kb)';
    default: return '';
  }
}

function parseValue(text: string, unit: Unit): number | undefined {
  if (unit === 'ms') {
    const parsed = parseDurationMs(text);
    return parsed.ok ? parsed.value : undefined;
  }
  if (unit === 'bytes' && /[a-z]$/i.test(text)) {
    const parsed = parseSizeBytes(text);
    return parsed.ok ? parsed.value : undefined;
  }
  if (unit === 'ratio' && text.endsWith('%')) {
    const value = Number(text.slice(0, -1));
    return Number.isFinite(value) ? value / 100 : undefined;
  }
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : undefined;
}

function read(result: RunResult, metric: string): number | undefined {
  if (METRICS[metric]) return METRICS[metric].get(result);
  const limiterMatch = RATE_LIMIT_METRIC.exec(metric);
  if (limiterMatch) {
    const limiter = result.rateLimits?.find((l) => l.name === limiterMatch[1]);
    const section = limiter && limiterMatch[2] ? limiter[limiterMatch[2] as 'normal' | 'abusive'] : limiter;
    return section ? numericField(section, limiterMatch[3]) : undefined;
  }
  const classMatch = /^classes\.([^.]+)\.([A-Za-z]+)$/.exec(metric);
  if (classMatch) {
    const entry = result.pubsub?.classes.find((c) => c.name === classMatch[1]);
    return entry ? numericField(entry, classMatch[2]) : undefined;
  }
  const match = /^namespaces\.([^.]+)\.([A-Za-z]+)$/.exec(metric);
  const ns = match ? result.namespaces.find((n) => n.name === match[1]) : undefined;
  if (!match || !ns) return undefined;
  return numericField(ns, match[2]);
}

/** A numeric field of a result section by its name; undefined when the section has no such number. */
function numericField(section: object, field: string): number | undefined {
  const value: unknown = Object.entries(section).find(([key]) => key === field)?.[1];
  return typeof value === 'number' ? value : undefined;
}

function compare(actual: number, operator: Operator, expected: number): boolean {
  switch (operator) {
    case '>=': return actual >= expected;
    case '<=': return actual <= expected;
    case '==': return actual === expected;
    case '!=': return actual !== expected;
    case '>': return actual > expected;
    case '<': return actual < expected;
  }
}

/** Checks one assertion against a result. A metric the result lacks fails the assertion. */
export function checkAssertion(assertion: Assertion, result: RunResult): AssertionOutcome {
  const actual = read(result, assertion.metric);
  if (actual === undefined) {
    return { assertion, actual, passed: false, message: `${assertion.text}: this run has no ${assertion.metric}` };
  }
  const passed = compare(actual, assertion.operator, assertion.expected);
  const shown = formatValue(actual, assertion.unit);
  return { assertion, actual, passed, message: `${assertion.text}: ${shown} ${passed ? 'ok' : 'FAILED'}` };
}

/** One design target checked against one run: what the run view, the run list, the report and a diff show. */
export interface TargetOutcome {
  text: string;
  passed: boolean;
  /** `hitRatio>=0.7: 73.10% ok`, `… FAILED`, why the run lacks the metric, or why the target does not parse. */
  message: string;
  /** The run's value, when it has one. */
  actual: number | null;
  /** The target does not parse (it never passes). */
  invalid: boolean;
}

/** Checks every target of a design against a run; a target that does not parse fails, saying why. */
export function evaluateTargets(targets: ReadonlyArray<string>, result: RunResult): TargetOutcome[] {
  return targets.map((text) => {
    const parsed = parseAssertion(text);
    if (typeof parsed === 'string') return { text, passed: false, message: parsed, actual: null, invalid: true };
    const outcome = checkAssertion(parsed, result);
    return { text, passed: outcome.passed, message: outcome.message, actual: outcome.actual ?? null, invalid: false };
  });
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ratio': return `${(value * 100).toFixed(2)}%`;
    case 'ms': return `${value.toFixed(value < 10 ? 2 : 1)}ms`;
    case 'bytes': return `${(value / 1024 / 1024).toFixed(2)}mb`;
    case 'bits/s': return `${(value / 1e6).toFixed(2)}Mbps`;
    default: return String(value);
  }
}
