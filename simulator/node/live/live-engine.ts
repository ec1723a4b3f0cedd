/**
 * The live engine: replays a RunPlan against a real Redis and returns the same RunResult as the
 * simulator (engine 'live'), plus live details. Targets:
 * - 'managed': a redis-server it starts with the plan's server settings and stops afterwards;
 * - 'managed-cluster': a small managed cluster (ioredis pipe, slower);
 * - { url }: a user's server, under the safety rules of DESIGN.md ("Safety of live runs"): keys
 *   only under a run prefix, a non-empty DB refused unless allowed, CONFIG changes restored, the
 *   run's keys deleted afterwards, nothing queued while disconnected, never FLUSHALL/FLUSHDB.
 *
 * This file owns the run from start to result: the time scale, the session opened on the target
 * (target-session.ts), the traffic run over it (live-traffic.ts) with pub/sub beside it, and the
 * result assembled once the session closed (run-outcome.ts). run() never throws for a run that
 * could not start or stopped: the result carries `error` (a classified code and a message a user
 * can act on), `partial` and the warnings.
 */
import type { CancelSignal, Engine, RunPlan, RunSink } from '../../run';
import { NULL_SINK, nonKeyMemoryOf, resolveSpeed } from '../../run';
import { classifyRedisError, RedisTargetError } from '../redis';
import { deleteNamespace } from './control-commands';
import { FailureDriver } from './failure-driver';
import { liveFailureMetrics } from './failure-metrics';
import { scenarioProblems, scenarioReconnectDeadlineMs } from './failure-scenario';
import { KeyCodec } from './keys';
import { LIVE_PUBSUB_DEPARTURES } from './live-pubsub';
import type { LiveEngineOptions } from './live-options';
import { measureLimiterKeys } from './limiter-keys';
import { LiveTraffic } from './live-traffic';
import type { LiveRunContext, LiveRunResult } from './live-types';
import { alignToWholeSecond } from './pacing';
import type { ReplyListener } from './resp-pipeline';
import type { FailedOutcome, TrafficOutcome } from './run-outcome';
import { assembleLiveResult, details, LIVE_DEPARTURES, wallClockLimiterWarning } from './run-outcome';
import { TargetSession } from './target-session';
import { ValueSource } from './values';

export type { LiveEngineOptions, LiveTarget } from './live-options';
export { newLiveRunId } from './live-options';
export { serverSettingsOf } from './target-session';

const NOT_CANCELLED: CancelSignal = { aborted: false };

export class LiveEngine implements Engine {
  readonly kind = 'live';

  constructor(private readonly options: LiveEngineOptions) {}

  async run(plan: RunPlan, sink: RunSink = NULL_SINK, signal: CancelSignal = NOT_CANCELLED): Promise<LiveRunResult> {
    const options = withFailureDefaults(this.options);
    const choice = resolveSpeed(plan, options.speed ?? 1, { maxRatePerSec: options.maxRatePerSec });
    const problem = !choice.ok ? choice.reason : failureProblem(options, choice.scale.speed);
    if (!choice.ok || problem !== undefined) {
      const error = new RedisTargetError('config', problem ?? 'invalid speed');
      return assembleLiveResult(plan, { error, warnings: [] }, { details: details(options), teardown: { warnings: [] }, notes: [] });
    }
    const { plan: runPlan, speed, notes } = choice.scale;
    const session = new TargetSession({ ...options, speed }, runPlan);
    let outcome: TrafficOutcome | FailedOutcome;
    try {
      outcome = await runTraffic(session, runPlan, { ...options, speed }, sink, signal);
    } catch (error) {
      outcome = { error: asTargetError(error, session.description), warnings: [...session.warnings] };
    }
    const end = await session.teardown();
    return assembleLiveResult(runPlan, outcome, { details: session.details(), ...end, notes });
  }
}

/** A failure run reconnects for as long as its timeline can keep Redis away, with the design's command timeout. */
function withFailureDefaults(options: LiveEngineOptions): LiveEngineOptions {
  const failures = options.failures;
  if (!failures) return options;
  return {
    ...options,
    commandTimeoutMs: options.commandTimeoutMs ?? failures.commandTimeoutMs,
    reconnectDeadlineMs: options.reconnectDeadlineMs ?? scenarioReconnectDeadlineMs(failures),
  };
}

/** Why a failure timeline cannot run on this target at this speed (undefined: it can). */
function failureProblem(options: LiveEngineOptions, speed: number | 'max'): string | undefined {
  const failures = options.failures;
  if (!failures) return undefined;
  if (typeof options.target !== 'string') return 'A failure timeline runs on servers the workbench starts itself (--managed or --managed-cluster), never on a user\'s server.';
  if (speed === 'max') return 'A failure timeline needs paced time: --speed max has no plan clock to kill servers on.';
  const problems = scenarioProblems(failures, options.target === 'managed-cluster');
  return problems.length > 0 ? `The failure timeline cannot run live: ${problems.join('; ')}.` : undefined;
}

function asTargetError(error: unknown, description: string): RedisTargetError {
  if (error instanceof RedisTargetError) return error;
  if ((error as Error | null)?.name === 'ManagedRedisStartError' || (error as Error | null)?.name === 'RedisBinaryNotFoundError') {
    return new RedisTargetError('unknown', (error as Error).message, { cause: error });
  }
  return classifyRedisError(error, { target: description, phase: 'connect' });
}

/** Opens the session, runs the plan's traffic (and pub/sub) over it to the end, a cancel or a failure. */
async function runTraffic(session: TargetSession, plan: RunPlan, options: LiveEngineOptions, sink: RunSink, signal: CancelSignal): Promise<TrafficOutcome> {
  // What the watcher stops: the run once it exists; before, its error keeps the run from starting.
  const stop: { run?: LiveTraffic; error?: RedisTargetError } = {};
  await session.open((error) => {
    stop.error ??= error;
    stop.run?.fail(error);
  });
  const keys = new KeyCodec(session.prefix, plan.namespaces.map((ns) => ns.pattern));
  // The run is created after the pipe: the relay delivers replies to it from the start.
  const relay: ReplyListener & { to?: LiveTraffic } = {
    onReply(op, id, arg, type, value, sentAt, now) {
      this.to?.onReply(op, id, arg, type, value, sentAt, now);
    },
  };
  const pipe = await session.openPipe(relay);
  const driver = options.failures
    ? new FailureDriver({ set: session.set, cluster: session.cluster }, options.failures, options.speed === 'max' ? 1 : Number(options.speed ?? 1), session.clock)
    : undefined;
  const ctx: LiveRunContext = {
    plan, keys, values: new ValueSource(plan.seed), pipe,
    reconnect: (listener) => session.openPipe(listener),
    sampleInfo: () => session.sampleInfo(),
    deleteNamespace: (ns, _atMs, time) => deleteNamespace(session.nodes(), session.isCluster, keys, ns, session.clock, time),
    serverGone: () => session.serverGone(),
    describe: session.description,
    clock: session.clock,
    speed: options.speed === 'max' ? 'max' : 1,
    pipelineDepth: session.depth,
    commandTimeoutMs: session.commandTimeoutMs,
    reconnectDeadlineMs: session.reconnectDeadlineMs,
    sink: driver ? driver.wrap(sink) : sink,
    signal,
    // The baseline: every connection of the run open, none of its keys written yet.
    firstInfo: await session.sampleInfo(),
  };
  if (plan.pubsub) await session.openPubsub(signal);
  if (stop.error) throw stop.error;
  const run = new LiveTraffic(ctx);
  // The limiters' scripts on every node (a cluster's too) before the first EVALSHA.
  for (const lua of run.limits?.scripts ?? []) for (const node of session.nodes()) await node.script('LOAD', lua);
  stop.run = run;
  relay.to = run;
  const limits = run.limits;
  if (limits) session.onOwnEvicted((group, key) => limits.evicted(group - plan.namespaces.length, key));
  for (const warning of session.warnings) run.addWarning(warning);
  const unpaced = options.speed === 'max' && plan.rateLimits ? wallClockLimiterWarning(plan.rateLimits.limiters, 'ran unpaced (--speed max)', 'run paced (--speed 1 or a factor) to compare them with the simulator') : null;
  if (unpaced) run.addWarning(unpaced);
  const fieldTtl = plan.namespaces.filter((ns) => ns.fieldTtl).map((ns) => ns.name);
  if (fieldTtl.length > 0) {
    run.addWarning(`Hash-field TTLs of ${fieldTtl.join(', ')} are not sent live: the live engine stores each key as a string of its valueSize (no HSET/HPEXPIRE), so field expiry, and the hashes' memory, are the simulator's only.`);
  }
  options.onReady?.({
    url: session.set?.url ?? session.cluster?.url ?? session.server?.url ?? details(options).target,
    pids: session.server ? [session.server.pid] : session.cluster ? session.cluster.nodes.map((n) => n.pid)
      : session.set ? session.set.servers.flatMap((s) => (s.process ? [s.process.pid] : [])) : [],
  });
  if ((options.alignStart ?? options.speed !== 'max') && !signal.aborted) await alignToWholeSecond(signal);
  // The pub/sub publisher stops with the run when the cache traffic failed or the watcher stopped it.
  // Caught at once: a pub/sub failure while the cache traffic still runs must not go unhandled.
  let pubsubFailure: string | undefined;
  const pubsub = session.pubsub;
  const pubsubRun = pubsub?.run({ get aborted() { return signal.aborted || run.failure !== undefined; } }).catch((error: unknown) => {
    pubsubFailure = `The pub/sub side stopped early: ${(error as Error).message}`;
  });
  const startedAtMs = Date.now();
  await run.run();
  await driver?.settle();
  await pubsubRun;
  // The limiters' keys as the server holds them at the end (before expiry runs on).
  const limiterResults = limits && plan.rateLimits && !run.stoppedEarly
    ? limits.result(await measureLimiterKeys(session.nodes(), session.prefix, plan.rateLimits.limiters))
    : limits?.result([]);
  run.closePipe();
  // The final INFO and the watcher's PING go out together: the server answers both in one turn of
  // its event loop (expiry runs between turns), so the per-namespace counts stop where INFO's do.
  await Promise.all([run.finalSample(run.stoppedEarly ? 300 : 2000), session.syncWatch(1000)]);
  const result = run.result(session.details(), [...LIVE_DEPARTURES]);
  if (driver && options.failures) {
    const forkHeadroomBytes = await driver.forkCowBytes();
    result.failures = liveFailureMetrics({
      forkHeadroomBytes,
      records: driver.records, series: result.series, snapshotIntervalMs: plan.snapshotIntervalMs, gaps: result.live.gaps, durationMs: result.durationMs, scenario: options.failures,
    });
  }
  return {
    traffic: result,
    namespaceEvents: session.namespaceEvents(),
    clockPhaseMs: startedAtMs % 60_000,
    nonKeyMemory: nonKeyMemoryOf({ ...plan, measuredBaselineBytes: result.live.baselineMemoryBytes }),
    ...(limiterResults ? { rateLimits: limiterResults } : {}),
    ...(pubsub ? {
      pubsub: { metrics: pubsub.result(), departures: LIVE_PUBSUB_DEPARTURES, warnings: pubsub.warnings, failure: pubsubFailure, cancelled: signal.aborted },
    } : {}),
  };
}
