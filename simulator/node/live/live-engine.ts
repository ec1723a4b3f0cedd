/**
 * The live engine: replays a RunPlan against a real Redis and returns the same RunResult as the
 * simulator (engine 'live'), plus live details. Targets:
 * - 'managed': a redis-server it starts with the plan's server settings and stops afterwards;
 * - 'managed-cluster': a small managed cluster (ioredis pipe, slower);
 * - { url }: a user's server, under the safety rules of DESIGN.md ("Safety of live runs"): keys
 *   only under a run prefix, a non-empty DB refused unless allowed, CONFIG changes restored, the
 *   run's keys deleted afterwards, nothing queued while disconnected, never FLUSHALL/FLUSHDB.
 *
 * run() never throws for a run that could not start or stopped: the result carries `error`
 * (a classified code and a message a user can act on), `partial` and the warnings.
 */
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { CancelSignal, Engine, RunPlan, RunSink } from '../../run';
import { NULL_SINK, nonKeyMemoryOf, resolveSpeed, type SpeedRequest } from '../../run';
import { distMean } from '../../traffic';
import type { ManagedCluster, ManagedRedis, PasswordEnv, Target, TargetConnection } from '../redis';
import {
  buildClusterOptions, buildRedisOptions, checkClusterHealth, classifyRedisError, ConfigJournal, connectTarget, describeTarget, LIVE_DEADLINES,
  loadTls, parseTarget, recoverLeftovers, RedisTargetError, resolvePassword, RunGuard, startManagedCluster, startManagedRedis, withDeadline,
} from '../redis';
import { parseInfo, type InfoSample } from './info';
import { IoredisPipe } from './ioredis-pipe';
import { details, failedResult, LIVE_DEPARTURES, type SessionDetails } from './run-outcome';
import { KeyCodec } from './keys';
import { LiveTraffic } from './live-traffic';
import { CMD_SCAN, CMD_UNLINK } from './live-types';
import type { LiveRunContext, LiveRunResult, NamespaceDeletion } from './live-types';
import type { CommandPipe } from './pipe';
import type { ReplyListener, RespPipelineOptions } from './resp-pipeline';
import { RespPipeline } from './resp-pipeline';
import { ValueSource } from './values';
import { clusterShardSlots, LIVE_PUBSUB_DEPARTURES, LivePubsub } from './live-pubsub';
import { checkEvictionRisk } from './eviction-guard';
import { finishWatch, notifyFlagsSetter, recordNamespaceEvents, startWatch, type Watch } from './eviction-watch';
import type { SlotRange } from '../../pubsub';
import { CLUSTER_SLOTS } from '../redis';
import { tearDown } from './teardown';

/** Where a live run goes. */
export type LiveTarget =
  | 'managed'
  | 'managed-cluster'
  | {
    url: string;
    allowNonEmpty?: boolean;
    /**
     * Run even where the footprint estimate says the server could evict keys the run does not
     * own (eviction-guard.ts); the run still stops at the first such eviction.
     */
    allowEvictionRisk?: boolean;
    db?: number;
    passwordEnv?: string;
  };

export interface LiveEngineOptions {
  target: LiveTarget;
  /** redis-server to start for managed targets (default: KEYSPACE_REDIS_SERVER, then PATH). */
  redisServerPath?: string;
  /** Masters of a managed cluster (default 3). */
  shards?: number;
  /**
   * A number speeds the plan up that many times (scalePlan: durations, TTLs and delays divided,
   * rates multiplied) and paces it at wall-clock time; 1 (default) replays it as written. 'auto'
   * and 'max' choose the factor (run/time-scale.ts); 'max' sends unpaced when no TTL runs out.
   */
  speed?: SpeedRequest;
  /** Highest request rate 'auto' and 'max' ask of the client (default DEFAULT_MAX_RATE_PER_SEC). */
  maxRatePerSec?: number;
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number;
  /** 'resp' (default): the fast pipelining client where the target allows; 'ioredis' forces ioredis. */
  client?: 'resp' | 'ioredis';
  /** Commands in flight at most (default: from maxmemory, so values in flight stay ≤ 1 % of it; 64 … 1024). */
  pipelineDepth?: number;
  /** Run id for the key prefix on a user's server (default random). */
  runId?: string;
  /** Where tools (redis-server) are looked up (default process.env); never read for passwords. */
  env?: NodeJS.ProcessEnv;
  /** The only environment variables a target's passwordEnv may name, with their values (default: none). */
  passwords?: PasswordEnv;
  /**
   * A command without a reply for this long drops the data connection, and fails on the control
   * connection (default: the URL's commandTimeoutMs, then 5 s).
   */
  commandTimeoutMs?: number;
  /** How long to try reconnecting after a drop before stopping (default: the target's, 30 s; managed 10 s). */
  reconnectDeadlineMs?: number;
  /** Start on a whole wall-clock second, like Redis's LRU clock (default true unless speed is 'max'). */
  alignStart?: boolean;
  /** Called once the server(s) are up (managed) or connected (URL), before traffic starts. */
  onReady?: (info: { url: string; pids: number[] }) => void;
}


const NOT_CANCELLED: CancelSignal = { aborted: false };

/** A fresh run id; on a user's server the run's keys are `kw:<run id>:…`. */
export function newLiveRunId(): string {
  return `live-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The design's server settings as redis.conf names. */
export function serverSettingsOf(plan: RunPlan): Record<string, string | number> {
  const s = plan.server;
  return {
    maxmemory: s.maxmemoryBytes,
    'maxmemory-policy': s.policy,
    'maxmemory-samples': s.maxmemorySamples,
    'lfu-log-factor': s.lfuLogFactor,
    'lfu-decay-time': s.lfuDecayTimeMin,
    hz: s.hz,
    'active-expire-effort': s.activeExpireEffort,
  };
}

/** Commands in flight at most on a server whose policy may evict keys of others (see execute). */
const AT_RISK_PIPELINE_DEPTH = 32;

/** Settings that can make Redis evict keys the run does not own. */
const EVICTING_SETTINGS = new Set(['maxmemory', 'maxmemory-policy']);

export class LiveEngine implements Engine {
  readonly kind = 'live';

  constructor(private readonly options: LiveEngineOptions) {}

  async run(plan: RunPlan, sink: RunSink = NULL_SINK, signal: CancelSignal = NOT_CANCELLED): Promise<LiveRunResult> {
    const options = this.options;
    const choice = resolveSpeed(plan, options.speed ?? 1, { maxRatePerSec: options.maxRatePerSec });
    if (!choice.ok) return failedResult(plan, new RedisTargetError('config', choice.reason), details(options));
    const { plan: runPlan, speed, notes } = choice.scale;
    const session = new Session({ ...options, speed }, runPlan);
    let result: LiveRunResult;
    try {
      result = await session.execute(sink, signal);
    } catch (error) {
      result = failedResult(runPlan, asTargetError(error, session.description), session.details());
      result.warnings.push(...session.warnings);
    }
    await session.teardown(result);
    result.warnings.unshift(...notes);
    result.live.speed = speed;
    return result;
  }
}


function asTargetError(error: unknown, description: string): RedisTargetError {
  if (error instanceof RedisTargetError) return error;
  if ((error as Error | null)?.name === 'ManagedRedisStartError' || (error as Error | null)?.name === 'RedisBinaryNotFoundError') {
    return new RedisTargetError('unknown', (error as Error).message, { cause: error });
  }
  return classifyRedisError(error, { target: description, phase: 'connect' });
}

/** The resources of one run and the order they are released in. */
class Session {
  description = 'the managed redis-server';
  private server: ManagedRedis | undefined;
  private cluster: ManagedCluster | undefined;
  private control: TargetConnection | undefined;
  private guard: RunGuard | undefined;
  private pipe: CommandPipe | undefined;
  private dataClient: Redis | Cluster | undefined;
  private pubsub: LivePubsub | undefined;
  private target: Target | undefined;
  private db = 0;
  private prefix = '';
  private pipeline: 'resp' | 'ioredis' = 'resp';
  private serverVersion = '';
  private readonly clock: () => number;
  /** Said before traffic starts (recovery of killed runs, settings left alone); kept even when the run fails. */
  readonly warnings: string[] = [];
  private serverExit: string | null = null;
  private watch: Watch | undefined;
  private run: LiveTraffic | undefined;
  /** Why the watcher stopped the run (set before the run exists, it never starts). */
  private stopError: RedisTargetError | undefined;
  private commandTimeoutMs: number = LIVE_DEADLINES.commandMs;

  constructor(private readonly options: LiveEngineOptions, private readonly plan: RunPlan) {
    this.clock = options.clock ?? (() => performance.now());
  }

  details(): SessionDetails {
    return {
      ...details(this.options),
      serverVersion: this.serverVersion,
      prefix: this.prefix,
      db: this.db,
      pipeline: this.pipeline,
      configChanged: this.guard ? [...this.guard.changedSettings()] : [],
      foreignKeysEvicted: this.watch?.watcher?.foreignEvicted ?? 0,
    };
  }

  async execute(sink: RunSink, signal: CancelSignal): Promise<LiveRunResult> {
    const { options, plan } = this;
    if (plan.server.policy === 'exact-lru') {
      throw new RedisTargetError('config', 'maxmemory-policy "exact-lru" is the simulator\'s true-LRU reference; no Redis runs it. Choose a Redis policy (allkeys-lru comes closest) for a live run.');
    }
    const env = options.env ?? process.env;
    const target = options.target;
    const managedDeadlineMs = options.reconnectDeadlineMs ?? 10_000;
    if (target === 'managed') {
      this.server = await startManagedRedis({ binaryPath: options.redisServerPath, env, settings: serverSettingsOf(plan) });
      const server = this.server;
      void server.exited.then(({ code, signal: exitSignal }) => {
        this.serverExit = `The managed redis-server (pid ${server.pid}) exited during the run (${exitSignal ? `signal ${exitSignal}` : `code ${code}`}).`;
      });
      this.target = parseTarget(server.url);
    } else if (target === 'managed-cluster') {
      this.cluster = await startManagedCluster({ shards: options.shards ?? 3, serverSettings: serverSettingsOf(plan), binaryPath: options.redisServerPath, env });
      this.target = parseTarget(this.cluster.url);
    } else {
      const parsed = parseTarget(target.url);
      const inDb = target.db !== undefined && parsed.kind !== 'cluster' ? { ...parsed, db: target.db } : parsed;
      // --password-env: the password is looked up by name, never spliced into the URL.
      this.target = target.passwordEnv ? { ...inDb, passwordEnv: target.passwordEnv } : inDb;
    }
    const parsedTarget = this.target;
    this.description = describeTarget(parsedTarget);
    this.db = parsedTarget.kind === 'cluster' ? 0 : parsedTarget.db;
    const reconnectDeadlineMs = typeof target === 'string' ? managedDeadlineMs : options.reconnectDeadlineMs ?? parsedTarget.reconnectDeadlineMs;
    this.commandTimeoutMs = options.commandTimeoutMs ?? parsedTarget.commandTimeoutMs ?? LIVE_DEADLINES.commandMs;

    this.control = await connectTarget(parsedTarget, {
      passwords: options.passwords, connectionName: 'keyspace-live-control', retry: { baseMs: 50, capMs: 1000 }, commandTimeoutMs: this.commandTimeoutMs,
    });
    const control = this.control;
    if (typeof target === 'object') {
      const runId = options.runId ?? newLiveRunId();
      // What killed runs left (journaled CONFIG, leftover keys) goes first: it would look like
      // someone else's data to checkEmptyDb, and a changed setting must never pass for an original.
      const journal = ConfigJournal.forEnv(env);
      this.warnings.push(...(await recoverLeftovers(control.client, { journal })).lines);
      this.guard = new RunGuard({ runId, target: this.description, journal, db: this.db });
      this.prefix = this.guard.prefix;
      await this.guard.checkEmptyDb(control.client, target.allowNonEmpty ?? false);
      await this.guard.begin(control.client);
    }
    let first = await this.sampleInfo();
    this.serverVersion = first.version;
    let depth = options.pipelineDepth ?? defaultDepth(plan);
    let watchRequired = false;
    if (this.guard && typeof target === 'object') {
      // Before the first write (CONFIG included): refuse a run that could make the server evict keys of others.
      // The footprint is estimated only where keys of others are at risk, i.e. with the depth capped as below.
      const check = await checkEvictionRisk({
        plan, nodes: this.nodes(), prefix: this.prefix, connections: 2 + (plan.pubsub ? 33 : 0),
        pipelineDepth: options.pipelineDepth ?? Math.min(depth, AT_RISK_PIPELINE_DEPTH),
        description: this.description, db: this.db, allowEvictionRisk: target.allowEvictionRisk ?? false, clock: this.clock,
      });
      watchRequired = check.foreignKeysAtRisk > 0;
      if (check.warning) this.warnings.push(check.warning);
      // Commands already sent when the first foreign eviction is seen still run, each SET able to
      // evict one more key of others: keep few in flight where that can happen.
      if (watchRequired && options.pipelineDepth === undefined) depth = Math.min(depth, AT_RISK_PIPELINE_DEPTH);
      await this.applySettings(first);
      first = await this.sampleInfo();
    }
    // Keyspace notifications: per-namespace evictions and expiries, and a stop at the first foreign eviction.
    this.watch = await startWatch({
      nodes: this.nodes(), setNotifyFlags: notifyFlagsSetter(control.client, this.guard), db: this.db, prefix: this.prefix,
      patterns: plan.namespaces.map((ns) => ns.pattern), description: this.description,
      required: watchRequired, allowEvictionRisk: typeof target === 'object' && (target.allowEvictionRisk ?? false),
      onStop: (error) => {
        this.stopError ??= error;
        this.run?.fail(error);
      },
    });

    const keys = new KeyCodec(this.prefix, plan.namespaces.map((ns) => ns.pattern));
    const values = new ValueSource(plan.seed);
    const useResp = options.client !== 'ioredis' && (parsedTarget.kind === 'standalone' || parsedTarget.kind === 'unix');
    this.pipeline = useResp ? 'resp' : 'ioredis';

    // The run is created before the pipe so the pipe can deliver replies to it from the start.
    const relay: ReplyListener & { to?: LiveTraffic } = {
      onReply(op, id, arg, type, value, sentAt, now) {
        this.to?.onReply(op, id, arg, type, value, sentAt, now);
      },
    };
    this.pipe = await this.openPipe(parsedTarget, useResp, relay, options.passwords);
    // The baseline: every connection of the run open, none of its keys written yet.
    first = await this.sampleInfo();
    const ctx: LiveRunContext = {
      plan, keys, values, pipe: this.pipe,
      reconnect: async (listener) => {
        const pipe = await this.openPipe(parsedTarget, useResp, listener, options.passwords);
        this.pipe = pipe;
        return pipe;
      },
      sampleInfo: () => this.sampleInfo(),
      deleteNamespace: (ns, _atMs, time) => this.deleteNamespace(keys, ns, time),
      serverGone: () => this.serverExit,
      describe: this.description,
      clock: this.clock,
      speed: options.speed === 'max' ? 'max' : 1,
      pipelineDepth: depth,
      commandTimeoutMs: this.commandTimeoutMs,
      reconnectDeadlineMs,
      sink,
      signal,
      firstInfo: first,
    };
    if (plan.pubsub) await this.openPubsub(plan, parsedTarget, options.passwords, signal);
    if (this.stopError) throw this.stopError;
    const run = new LiveTraffic(ctx);
    this.run = run;
    relay.to = run;
    for (const warning of this.warnings) run.addWarning(warning);
    options.onReady?.({
      url: this.cluster?.url ?? this.server?.url ?? details(options).target,
      pids: this.server ? [this.server.pid] : this.cluster ? this.cluster.nodes.map((n) => n.pid) : [],
    });
    if ((options.alignStart ?? options.speed !== 'max') && !signal.aborted) await alignToWholeSecond(signal);
    // The pub/sub publisher stops with the run when the cache traffic failed or the watcher stopped it.
    // Caught at once: a pub/sub failure while the cache traffic still runs must not go unhandled.
    let pubsubFailure: string | undefined;
    const pubsubRun = this.pubsub?.run({ get aborted() { return signal.aborted || run.failure !== undefined; } }).catch((error: unknown) => {
      pubsubFailure = `The pub/sub side stopped early: ${(error as Error).message}`;
    });
    const startedAtMs = Date.now();
    await run.run();
    await pubsubRun;
    run.closePipe();
    // The final INFO and the watcher's PING go out together: the server answers both in one turn of
    // its event loop (expiry runs between turns), so the per-namespace counts stop where INFO's do.
    await Promise.all([run.finalSample(run.stoppedEarly ? 300 : 2000), this.watch?.watcher?.sync(1000)]);
    const result = run.result(this.details(), [...LIVE_DEPARTURES]);
    recordNamespaceEvents(result, this.watch);
    result.live.clockPhaseMs = startedAtMs % 60_000;
    result.cache.nonKeyMemory = nonKeyMemoryOf({ ...plan, measuredBaselineBytes: result.live.baselineMemoryBytes });
    if (this.pubsub && plan.pubsub) {
      result.pubsub = this.pubsub.result();
      result.departures.push(...LIVE_PUBSUB_DEPARTURES);
      result.warnings.push(...plan.pubsub.warnings, ...new Set(this.pubsub.warnings));
      if (pubsubFailure !== undefined) {
        result.warnings.push(pubsubFailure);
        result.partial = true;
      }
      if (signal.aborted) result.partial = true;
    }
    return result;
  }

  /** Subscriber connections, subscriptions and consumer groups of the plan's pub/sub section. */
  private async openPubsub(plan: RunPlan, target: Target, passwords: PasswordEnv | undefined, signal: CancelSignal): Promise<void> {
    const pubsubPlan = plan.pubsub;
    if (!pubsubPlan || signal.aborted) return;
    const client = this.control?.client;
    let shardSlots: SlotRange[][] = [[[0, CLUSTER_SLOTS - 1]]];
    if (this.cluster) {
      shardSlots = this.cluster.nodes.filter((n) => n.role === 'master').map((n) => n.slotRanges.map((r): SlotRange => [r.start, r.end]));
    } else if (client instanceof Cluster) {
      shardSlots = await clusterShardSlots(client);
    }
    this.pubsub = new LivePubsub({
      plan: pubsubPlan,
      target,
      secrets: {
        password: resolvePassword(target, passwords),
        tls: target.kind !== 'unix' && target.tls ? await loadTls(target.tls) : undefined,
      },
      prefix: this.prefix,
      // The plan is already scaled, its pub/sub section with it (run/scale-plan.ts).
      speed: 1,
      clock: this.clock,
      shardSlots,
      commandTimeoutMs: this.commandTimeoutMs,
    });
    const pubsub = this.pubsub;
    await withDeadline(pubsub.open(), LIVE_DEADLINES.openMs, `Opening the pub/sub connections to ${this.description}`, () => void pubsub.close());
  }

  /** Closes what was opened, newest first, within the teardown's deadlines (teardown.ts). */
  async teardown(result: LiveRunResult): Promise<void> {
    await tearDown({
      pipe: this.pipe, pubsub: this.pubsub, dataClient: this.dataClient, guard: this.guard, control: this.control,
      server: this.server, cluster: this.cluster, description: this.description, url: details(this.options).target, db: this.db,
      // Foreign evictions are counted through the key cleanup; notifications go back with the CONFIG restore.
      closeWatch: () => this.closeWatch(result),
    }, result);
  }

  private async closeWatch(result: LiveRunResult): Promise<void> {
    const watch = this.watch;
    if (!watch) return;
    this.watch = undefined;
    await watch.watcher?.close();
    finishWatch(result, watch, this.description);
  }

  private async openPipe(target: Target, useResp: boolean, listener: ReplyListener, passwords: PasswordEnv | undefined): Promise<CommandPipe> {
    const password = resolvePassword(target, passwords);
    if (useResp && (target.kind === 'standalone' || target.kind === 'unix')) {
      const tls = target.kind === 'standalone' && target.tls ? await loadTls(target.tls) : undefined;
      const options: RespPipelineOptions = {
        ...(target.kind === 'unix' ? { path: target.path } : { host: target.host, port: target.port }),
        tls: tls ? { ...tls, servername: tls.servername ?? (target.kind === 'standalone' ? target.host : undefined) } : undefined,
        username: target.username,
        password,
        db: target.db,
        connectionName: 'keyspace-live-replay',
        connectTimeoutMs: target.connectTimeoutMs,
        clock: this.clock,
      };
      return RespPipeline.connect(options, listener);
    }
    const secrets = {
      password,
      tls: target.kind !== 'unix' && target.tls ? await loadTls(target.tls) : undefined,
    };
    this.dataClient?.disconnect();
    const extras = { connectionName: 'keyspace-live-replay', commandTimeoutMs: this.commandTimeoutMs };
    const client = target.kind === 'cluster'
      ? new Cluster(target.nodes.map(({ host, port }) => ({ host, port })), { ...buildClusterOptions(target, secrets, extras), enableAutoPipelining: true })
      : new Redis({ ...buildRedisOptions(target, secrets, extras), enableAutoPipelining: true });
    client.on('error', () => undefined);
    this.dataClient = client;
    try {
      // connect() waits for the ready check, which a stalled server never answers; and a
      // Cluster's connect() never settles when that check fails (see connectTarget).
      await withDeadline(client.connect(), target.connectTimeoutMs + this.commandTimeoutMs, `Connecting to ${this.description}`);
      // A cluster that lost a master still connects; its slots would fail command by command.
      if (client instanceof Cluster) await checkClusterHealth(client, this.description, this.commandTimeoutMs);
    } catch (error) {
      client.disconnect();
      throw error;
    }
    return new IoredisPipe(client, listener, this.clock, this.description);
  }

  private nodes(): Redis[] {
    const client = this.control?.client;
    if (!client) return [];
    return client instanceof Cluster ? client.nodes('master') : [client];
  }

  /** INFO of every master, summed. */
  private async sampleInfo(): Promise<InfoSample> {
    const nodes = this.nodes();
    const samples = await withDeadline(Promise.all(nodes.map(async (node) => parseInfo(await node.info(), this.db))),
      this.commandTimeoutMs, `INFO on ${this.description}`);
    if (samples.length === 0) throw new Error('no connection');
    if (samples.length === 1) return samples[0];
    const total = { ...samples[0] };
    for (const sample of samples.slice(1)) {
      total.keyspaceHits += sample.keyspaceHits;
      total.keyspaceMisses += sample.keyspaceMisses;
      total.evictedKeys += sample.evictedKeys;
      total.expiredKeys += sample.expiredKeys;
      total.usedMemory += sample.usedMemory;
      total.usedMemoryPeak += sample.usedMemoryPeak;
      total.memClientsNormal += sample.memClientsNormal;
      total.connectedClients += sample.connectedClients;
      total.keys += sample.keys;
      total.expires += sample.expires;
      total.keysAllDbs += sample.keysAllDbs;
      total.maxmemory += sample.maxmemory;
      total.runId += `,${sample.runId}`;
    }
    return total;
  }

  /**
   * The plan's server settings on a user's server, each restored afterwards. maxmemory and the
   * policy are left alone when the server holds keys the run does not own: they could evict them.
   */
  private async applySettings(info: InfoSample): Promise<void> {
    const guard = this.guard as RunGuard;
    const client = (this.control as TargetConnection).client;
    const settings = serverSettingsOf(this.plan);
    const othersPresent = info.keysAllDbs > 0;
    for (const [name, value] of Object.entries(settings)) {
      if (othersPresent && EVICTING_SETTINGS.has(name)) {
        this.warnings.push(`${name} was left as the server has it: the server holds ${info.keysAllDbs} keys the run does not own, and changing ${name} could evict them`);
        continue;
      }
      try {
        const current = (await client.config('GET', name)) as string[];
        if (current[1] === String(value)) continue;
        await guard.changeConfig(client, name, value);
      } catch (error) {
        this.warnings.push(`Could not set ${name} ${value} on ${this.description} (${(error as Error).message}); the server's own value was used`);
      }
    }
  }

  /** SCAN MATCH the namespace's glob, keep exact matches, UNLINK them. */
  private async deleteNamespace(keys: KeyCodec, ns: number, time: (command: number, ms: number) => void): Promise<NamespaceDeletion> {
    const glob = keys.glob(ns);
    const matcher = keys.matcher(ns);
    const isCluster = this.control?.client instanceof Cluster;
    let deleted = 0;
    let keyBytes = 0;
    for (const node of this.nodes()) {
      let cursor = '0';
      do {
        let started = this.clock();
        const [next, batch] = await node.scan(cursor, 'MATCH', glob, 'COUNT', 1000);
        time(CMD_SCAN, this.clock() - started);
        cursor = next;
        const own = batch.filter((key) => matcher.test(key));
        if (own.length === 0) continue;
        for (const key of own) keyBytes += Buffer.byteLength(key) - keys.prefix.length;
        started = this.clock();
        if (isCluster) {
          const pipeline = node.pipeline();
          for (const key of own) pipeline.unlink(key);
          for (const [error, count] of (await pipeline.exec()) ?? []) {
            if (error) throw error;
            deleted += Number(count);
          }
        } else {
          deleted += await node.unlink(...own);
        }
        time(CMD_UNLINK, this.clock() - started);
      } while (cursor !== '0');
    }
    return { count: deleted, keyBytes };
  }
}

/**
 * Commands in flight: enough to keep pace through the event loop's hiccups, few enough that the
 * replies and values in flight (Redis counts client buffers in used_memory) stay ≤ 1 % of maxmemory.
 */
function defaultDepth(plan: RunPlan): number {
  if (plan.server.maxmemoryBytes <= 0) return 1024;
  let meanValue = 0;
  let weight = 0;
  for (const op of plan.operations) {
    meanValue += op.weight * distMean(plan.namespaces[op.namespaceIndex].valueBytes);
    weight += op.weight;
  }
  meanValue = weight > 0 ? meanValue / weight : 1024;
  return Math.max(64, Math.min(1024, Math.floor((plan.server.maxmemoryBytes * 0.01) / Math.max(64, meanValue + 64))));
}

async function alignToWholeSecond(signal: CancelSignal): Promise<void> {
  const wait = 1000 - (Date.now() % 1000);
  const deadline = Date.now() + wait;
  while (Date.now() < deadline && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, deadline - Date.now())));
  }
}
