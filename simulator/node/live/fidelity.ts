/**
 * Fidelity: the simulator and a managed redis-server on the same RunPlan, side by side. Both run
 * the plan sped up by one factor (scalePlan) so a live run takes seconds, not the plan's minutes;
 * the simulator runs that same scaled plan, so both see one timeline (the LRU clock's 1 s ticks,
 * TTLs, hz) and differences are the simulator's, not the scaling's.
 *
 * Targets (the issue's): hit ratio within 0.5 percentage points; evicted and expired keys within
 * 2 %; used memory within 3 %. Stale reads, OOM rejections and keys are reported without a target.
 */
import type { NonKeyMemory } from '../../cache';
import { profileOf } from '../../cache';
import type { CancelSignal, FidelityMetric, FidelityReport, LiveRunResult, RunPlan, RunResult, RunSink } from '../../run';
import { nonKeyMemoryOf, NULL_SINK, resolveSpeed } from '../../run';
import { scaleFailures } from './failure-scenario';
import { engineFor, isLiveRunResult } from '../engine-for';
import { compareFailures, formatFailureFidelity } from '../../run';
import type { LiveEngineOptions } from './live-options';
import { EXPIRY_BOUND_ALGORITHMS, wallClockLimiterWarning } from './run-outcome';

export interface FidelityOptions {
  /** Speed-up of the plan for both engines; 'auto' (default) aims at `targetSeconds` of live run (run/time-scale.ts). */
  scale?: number | 'auto';
  /** Wall-clock length of the live run that 'auto' aims at (default 20 s). */
  targetSeconds?: number;
  /** Highest request rate 'auto' may ask of the live client (default DEFAULT_MAX_RATE_PER_SEC). */
  maxRatePerSec?: number;
  redisServerPath?: string;
  /** Anything else for the live engine (its target is always a managed server). */
  live?: Omit<Partial<LiveEngineOptions>, 'target' | 'speed'>;
  /** Run live on a managed cluster of this many masters (a plan with server.cluster) instead of one server. */
  clusterShards?: number;
  /**
   * Calibrate the simulator with what the live run measured (default true): its server's
   * used_memory before the first request replaces the modelled memory besides keys
   * (run/server-memory.ts), and the phase of its start within the wall-clock minute becomes the
   * simulator's clock phase, so both age keys on the same LRU seconds and LFU minutes. Off, the
   * simulator runs the plan as a plain simulated run would (modelled memory, phase 0).
   */
  matchBaseline?: boolean;
  sink?: RunSink;
  signal?: CancelSignal;
}

export type { FidelityMetric, FidelityReport };

/** Metrics compared, in table order. */
export const FIDELITY_METRICS = ['hitRatio', 'evictedKeys', 'expiredKeys', 'usedMemoryBytes', 'staleReads', 'oomRejections', 'keys'] as const;
export type FidelityMetricName = (typeof FIDELITY_METRICS)[number];

/** Runs the simulator and a managed redis-server on the same (scaled) plan and compares them. */
export async function runFidelity(plan: RunPlan, options: FidelityOptions = {}): Promise<FidelityReport> {
  if (plan.server.policy === 'exact-lru') {
    throw new RangeError('exact-lru is the simulator\'s true-LRU reference and has no Redis counterpart; compare a Redis policy (allkeys-lru comes closest).');
  }
  // The same rule as a live run's --speed (run/time-scale.ts); both engines run the plan it returns.
  const choice = resolveSpeed(plan, options.scale ?? 'auto', { targetSeconds: options.targetSeconds, maxRatePerSec: options.maxRatePerSec });
  if (!choice.ok) throw new RangeError(choice.reason);
  const { plan: scaled, speed: scale } = choice.scale;
  if (scale === 'max') throw new RangeError('fidelity runs both engines on one timeline: give --scale a factor or auto');
  // Both engines as every front end gets them (engine-for.ts).
  // A failure timeline scaled with the plan (options.live.failures holds the design's times).
  const failures = options.live?.failures && scaleFailures(options.live.failures, scale);
  const liveEngine = await engineFor({ target: { kind: 'live', options: { ...options.live, failures, target: options.clusterShards ? 'managed-cluster' : 'managed', shards: options.clusterShards, speed: 1, redisServerPath: options.redisServerPath } } });
  const live = await liveEngine.run(scaled, options.sink, options.signal);
  if (!isLiveRunResult(live)) throw new Error('The live engine returned a result without its live details');
  const simPlan = options.matchBaseline === false || live.error ? scaled : calibratedPlan(scaled, live);
  const simEngine = await engineFor({ target: { kind: 'sim' }, chunkRequests: 200_000 });
  const sim = await simEngine.run(simPlan, NULL_SINK, options.signal);
  const diff = compareResults(sim, live);
  const simNonKeyMemory = nonKeyMemoryOf(simPlan);
  const notes = [...choice.scale.notes, ...explain(plan, sim, live, diff, simNonKeyMemory)];
  const namespaces = live.namespaces.map((ns, i) => ({
    name: ns.name,
    evictedKeys: compareCounts(sim.namespaces[i].evictedKeys, ns.evictedKeys, 2),
    expiredKeys: compareCounts(sim.namespaces[i].expiredKeys, ns.expiredKeys, 2),
  }));
  const rateLimits = compareLimiters(sim, live);
  if (rateLimits.some((l) => !l.admitted.met || !l.refused.met)) {
    notes.push('Rate limiters differ: an enforcing limiter that decided one request differently changes what the limiters after it see, and under an allkeys-* policy Redis and the simulator evict different counters (each eviction lets a client start over).');
  }
  return { sim, live, diff, scale, simNonKeyMemory, clockPhaseMs: simPlan.clockPhaseMs ?? 0, namespaces, ...(rateLimits.length ? { rateLimits } : {}), notes };
}

/** The plan with what the live run measured: its server's baseline used_memory and its clock phase. */
export function calibratedPlan(plan: RunPlan, live: LiveRunResult): RunPlan {
  const details = live.live;
  return {
    ...plan,
    measuredBaselineBytes: details.baselineMemoryBytes > 0 ? details.baselineMemoryBytes : undefined,
    clockPhaseMs: details.clockPhaseMs ?? 0,
  };
}

function metric(simValue: number, liveValue: number, target: string, met: (delta: number) => boolean): FidelityMetric {
  const delta = liveValue - simValue;
  const relative = simValue !== 0 ? delta / Math.abs(simValue) : liveValue === 0 ? 0 : null;
  return { sim: simValue, live: liveValue, delta, relative, target, met: met(delta) };
}

/**
 * Limiters whose decisions hang on when Redis expires their key (EXPIRY_BOUND_ALGORITHMS): a
 * request within the pacing lag of that moment may fall either side. The others' keys outlive
 * their state (the counter's hash two windows, a full bucket, a TAT in the past decide as no key): exact.
 */
/** Their tolerance: this share of the limiter's requests. */
const EXPIRY_BOUND_SHARE = 0.03;

/**
 * Admitted and refused per limiter: exact for sliding counter, token bucket and GCRA; ±3 % of
 * requests for fixed window and sliding log — and for every limiter once either engine evicted
 * keys (Redis and the simulator evict different counters; each eviction lets a client start over).
 */
export function compareLimiters(sim: RunResult, live: RunResult): NonNullable<FidelityReport['rateLimits']> {
  const evicting = sim.cache.evictedKeys > 0 || live.cache.evictedKeys > 0;
  return (live.rateLimits ?? []).flatMap((l) => {
    const s = sim.rateLimits?.find((candidate) => candidate.name === l.name);
    if (!s) return [];
    const bound = EXPIRY_BOUND_ALGORITHMS.has(l.algorithm) || evicting;
    const allowed = bound ? EXPIRY_BOUND_SHARE * Math.max(s.requests, l.requests) : 0;
    const target = bound ? `±${EXPIRY_BOUND_SHARE * 100} % of requests` : 'exact';
    const within = (delta: number): boolean => Math.abs(delta) <= allowed;
    const report = (simValue: number, liveValue: number): FidelityMetric => metric(simValue, liveValue, 'report only', () => true);
    return [{
      name: l.name, algorithm: l.algorithm, admitted: metric(s.admitted, l.admitted, target, within), refused: metric(s.refused, l.refused, target, within),
      evictedKeys: report(s.evictedKeys, l.evictedKeys), evictionResets: report(s.evictionResets, l.evictionResets),
    }];
  });
}

/** Counts: within `pct` % of the larger, or one key either way (for counts near zero). */
export function compareCounts(simValue: number, liveValue: number, pct: number): FidelityMetric {
  return metric(simValue, liveValue, `±${pct} %`, (delta) => Math.abs(delta) <= Math.max(1, (pct / 100) * Math.max(Math.abs(simValue), Math.abs(liveValue))));
}

/** The metric table of two results. */
export function compareResults(sim: RunResult, live: RunResult): Record<FidelityMetricName, FidelityMetric> {
  const count = compareCounts;
  const report = (simValue: number, liveValue: number): FidelityMetric => metric(simValue, liveValue, 'report only', () => true);
  return {
    hitRatio: metric(sim.cache.hitRatio, live.cache.hitRatio, '±0.5 pp', (delta) => Math.abs(delta) <= 0.005),
    evictedKeys: count(sim.cache.evictedKeys, live.cache.evictedKeys, 2),
    expiredKeys: count(sim.cache.expiredKeys, live.cache.expiredKeys, 2),
    usedMemoryBytes: metric(sim.cache.usedMemoryBytes, live.cache.usedMemoryBytes, '±3 %',
      (delta) => Math.abs(delta) <= 0.03 * Math.max(1, sim.cache.usedMemoryBytes)),
    staleReads: report(sim.cache.staleReads, live.cache.staleReads),
    oomRejections: report(sim.cache.oomRejections, live.cache.oomRejections),
    keys: report(sim.cache.keys, live.cache.keys),
  };
}

/** A warning when the live server is not the one the design's server.version models, else null. */
export function serverProfileWarning(plan: RunPlan, live: Pick<LiveRunResult['live'], 'serverName' | 'serverVersion' | 'serverProfile'>): string | null {
  const modelled = profileOf(plan.server.version);
  if (!live.serverVersion || live.serverProfile === modelled.id) return null;
  return `Warning: the design models ${modelled.id} (server.version) but the live server is ${live.serverName ?? 'redis'} ${live.serverVersion}, `
    + `${live.serverProfile ? `modelled by profile ${live.serverProfile}: set server.version: ${live.serverProfile}` : 'which no profile models'}; memory per key and eviction differ between versions.`;
}

/** For each missed target, the Redis behaviour the simulator does not reproduce; then live caveats. */
function explain(plan: RunPlan, sim: RunResult, live: LiveRunResult, diff: Record<string, FidelityMetric>, nonKey: NonKeyMemory): string[] {
  const notes: string[] = [];
  notes.push(nonKey.source === 'measured'
    ? `Memory besides keys: the simulator took the ${formatBytes(nonKey.measuredBytes)} the live server held before the first request (startup, connections, the histograms of commands run), ${formatBytes(nonKey.bytes)} with the traffic's commands; the clock phase of the live start, ${live.live.clockPhaseMs ?? 0} ms into the minute.`
    : `Memory besides keys: modelled, ${formatBytes(nonKey.bytes)} (startup, connections, one latency histogram per command).`);
  if (live.error) notes.push(`The live run failed: ${live.error.message}`);
  const mismatch = serverProfileWarning(plan, live.live);
  if (mismatch) notes.push(mismatch);
  if (live.partial) notes.push('The live run stopped early: its counters cover only part of the plan.');
  const policy = plan.server.policy;
  const pacing = live.live.pacing;
  if (pacing.lagP99Ms > 20) {
    notes.push(`The live client fell behind the plan (p99 lag ${pacing.lagP99Ms.toFixed(1)} ms): lower the speed-up (--scale) so both engines see the same timeline.`);
    const limiters = wallClockLimiterWarning(live.rateLimits ?? [], `ran with the client up to ${pacing.lagP99Ms.toFixed(0)} ms (p99) behind the plan`, 'a lower --scale keeps the client on the plan');
    if (limiters) notes.push(limiters);
  }
  if (!diff.hitRatio.met || !diff.evictedKeys.met) {
    if (policy === 'noeviction') {
      notes.push('noeviction: which keys got in before memory filled up depends on used_memory to the byte; a difference in memory accounting (see used memory) moves the point where writes start failing with OOM.');
    } else if (policy.endsWith('-lru')) {
      notes.push('Sampled LRU differs: Redis samples dict buckets by SipHash of the key bytes (the simulator by a mix of the key id) and reads an LRU clock cached by serverCron, up to 1000/hz ms old (the simulator reads the command\'s time).');
    } else if (policy.endsWith('-lfu')) {
      notes.push('LFU differs: Redis increments counters with rand() (the simulator draws from its own generator).');
    } else if (policy.endsWith('-random')) {
      notes.push('Random eviction differs by chance: dictGetRandomKey over SipHash buckets vs the simulator\'s buckets; the expected hit ratio is the same.');
    } else if (policy === 'volatile-ttl') {
      notes.push('volatile-ttl differs: the pool ranks sampled keys by expiry time; ties and the order of sampled buckets are where the two depart.');
    }
  }
  if (!diff.expiredKeys.met) {
    notes.push('Expired keys differ: the simulator estimates the active expire cycle\'s CPU budget from a cost per key instead of wall time and does not model the fast cycle run before sleeping.');
  }
  if (!diff.usedMemoryBytes.met) {
    notes.push('Used memory differs: the simulator does not model client buffers as they grow with the traffic, allocator fragmentation or incremental rehashing (two tables at once).');
  }
  if (sim.cache.staleReads !== live.cache.staleReads && (sim.cache.staleReads > 0 || live.cache.staleReads > 0)) {
    notes.push('Stale reads depend on when loads, invalidations and reads interleave to the millisecond; the live run adds real round trips and timer delays to the plan\'s times.');
  }
  return notes;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

const LABELS: Record<FidelityMetricName, string> = {
  hitRatio: 'hit ratio',
  evictedKeys: 'evicted keys',
  expiredKeys: 'expired keys',
  usedMemoryBytes: 'used memory',
  staleReads: 'stale reads',
  oomRejections: 'OOM rejections',
  keys: 'keys at end',
};

function formatValue(name: string, value: number): string {
  if (name === 'hitRatio') return `${(value * 100).toFixed(2)} %`;
  if (name === 'usedMemoryBytes') return formatBytes(value);
  return Math.round(value).toLocaleString('en-US');
}

function formatDelta(name: string, m: FidelityMetric): string {
  if (name === 'hitRatio') return `${m.delta >= 0 ? '+' : '−'}${Math.abs(m.delta * 100).toFixed(2)} pp`;
  if (m.delta === 0) return '0';
  if (m.relative === null) return `${m.delta > 0 ? '+' : '−'}${Math.abs(Math.round(m.delta))}`;
  return `${m.relative >= 0 ? '+' : '−'}${Math.abs(m.relative * 100).toFixed(2)} %`;
}

/** The side-by-side table and the notes, as plain text. */
export function formatFidelity(report: FidelityReport): string {
  const { sim, live } = report;
  const title = `Fidelity: ${sim.design.name} — simulator vs redis-server ${live.live.serverVersion || ''}`.trimEnd();
  const header = ['metric', 'simulator', 'redis-server', 'difference', 'target', ''];
  const rows = FIDELITY_METRICS.map((name) => {
    const m = report.diff[name];
    if (!m) return null;
    return [LABELS[name], formatValue(name, m.sim), formatValue(name, m.live), formatDelta(name, m), m.target,
      m.target === 'report only' ? '' : m.met ? 'met' : 'MISSED'];
  }).filter((row): row is string[] => row !== null);
  // Per namespace, reported under the targets (a row says "within ±2 %" or "outside", not met/MISSED).
  const namespaceRows = report.namespaces.length < 2 ? [] : report.namespaces.flatMap((ns) =>
    ([['evicted keys', ns.evictedKeys], ['expired keys', ns.expiredKeys]] as const)
      .filter(([, m]) => m.sim !== 0 || m.live !== 0)
      .map(([label, m]) => [`${ns.name}: ${label}`, formatValue('keys', m.sim), formatValue('keys', m.live), formatDelta('keys', m), m.target, m.met ? 'within' : 'outside']));
  // Evicted keys and eviction resets (reported only) when either engine had any.
  const limiterRows = (report.rateLimits ?? []).flatMap((l) => ([['admitted', l.admitted], ['refused', l.refused], ['evicted keys', l.evictedKeys], ['eviction resets', l.evictionResets]] as Array<[string, FidelityMetric | undefined]>)
    .filter((row): row is [string, FidelityMetric] => row[1] !== undefined && (row[1].target !== 'report only' || row[1].sim !== 0 || row[1].live !== 0))
    .map(([field, m]) => [`${l.name} (${l.algorithm}): ${field}`, formatValue('keys', m.sim), formatValue('keys', m.live), formatDelta('keys', m), m.target,
      m.target === 'report only' ? '' : m.met ? 'met' : 'MISSED']));
  const widths = header.map((_, i) => Math.max(header[i].length, ...[...rows, ...namespaceRows, ...limiterRows].map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const out = [
    title,
    `plan sped up ${report.scale}× for both engines; live run ${(live.durationMs / 1000).toFixed(1)} s, ${live.requests.toLocaleString('en-US')} requests`,
    '',
    line(header),
    ...rows.map(line),
  ];
  if (namespaceRows.length > 0) out.push('', 'per namespace (reported; not among the targets)', ...namespaceRows.map(line));
  if (limiterRows.length > 0) out.push('', 'rate limiters', ...limiterRows.map(line));
  const failureRows = compareFailures(sim, live);
  if (failureRows.length > 0) out.push('', formatFailureFidelity(failureRows));
  const missed = [
    ...Object.entries(report.diff).filter(([, m]) => !m.met).map(([name]) => LABELS[name as FidelityMetricName] ?? name),
    ...(report.rateLimits ?? []).filter((l) => !l.admitted.met || !l.refused.met).map((l) => `rate limiter ${l.name}`),
    ...failureRows.filter((r) => r.met === false).map((r) => `${r.event}: ${r.metric}`),
  ];
  out.push('', missed.length === 0 ? 'All targets met.' : `Missed: ${missed.join(', ')}.`);
  if (report.notes.length > 0) out.push('', ...report.notes.map((note) => `- ${note}`));
  return out.join('\n');
}
