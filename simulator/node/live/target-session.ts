/**
 * The target session of a live run: the server(s) it starts or the user's server it connects to,
 * the control connection, the guard of a user's server (leftovers of killed runs recovered first,
 * an empty DB unless allowed, the eviction risk for keys of others: eviction-guard.ts), the plan's
 * server settings by CONFIG SET (restored at the end), the keyspace-event watcher, the data pipe
 * and pub/sub connections, and the teardown that closes it all and reports what it did.
 */
import { Cluster, type Redis } from 'ioredis';
import { matchProfile } from '../../cache';
import type { CancelSignal, RunPlan } from '../../run';
import { clusterMemory } from '../../run';
import type { SlotRange } from '../../pubsub';
import type { ManagedCluster, ManagedRedis, ManagedSentinelSet, Target, TargetConnection } from '../redis';
import {
  CLUSTER_SLOTS, ConfigJournal, connectTarget, describeTarget, LIVE_DEADLINES, loadTls, parseTarget, recoverLeftovers, RedisTargetError,
  resolvePassword, RunGuard, startManagedCluster, startManagedRedis, startManagedSentinelSet, withDeadline,
} from '../redis';
import { sampleInfo } from './control-commands';
import { openDataPipe } from './data-pipe';
import { checkEvictionRisk } from './eviction-guard';
import { namespaceEventsOf, notifyFlagsSetter, startWatch, watchEnd, type NamespaceEvents, type Watch, type WatchEnd } from './eviction-watch';
import type { InfoSample } from './info';
import { clusterShardSlots, LivePubsub } from './live-pubsub';
import type { LiveEngineOptions } from './live-options';
import { newLiveRunId } from './live-options';
import { AT_RISK_PIPELINE_DEPTH, defaultDepth } from './pacing';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import { details, type SessionDetails } from './run-outcome';
import { tearDown, type TeardownReport } from './teardown';

/** The design's server settings as redis.conf names, for each master of `shards` (maxmemory split: run/cluster-memory.ts). */
export function serverSettingsOf(plan: RunPlan, shards = 1): Record<string, string | number> {
  const s = plan.server;
  return {
    maxmemory: clusterMemory(s.maxmemoryBytes, shards).perShardBytes,
    'maxmemory-policy': s.policy,
    'maxmemory-samples': s.maxmemorySamples,
    'lfu-log-factor': s.lfuLogFactor,
    'lfu-decay-time': s.lfuDecayTimeMin,
    hz: s.hz,
    'active-expire-effort': s.activeExpireEffort,
  };
}

/** Settings that can make Redis evict keys the run does not own. */
const EVICTING_SETTINGS = new Set(['maxmemory', 'maxmemory-policy']);

/** The resources of one run and the order they are released in. */
export class TargetSession {
  description = 'the managed redis-server';
  server: ManagedRedis | undefined;
  cluster: ManagedCluster | undefined;
  /** The managed primary with replicas and sentinels of a failure run. */
  set: ManagedSentinelSet | undefined;
  target: Target | undefined;
  pubsub: LivePubsub | undefined;
  prefix = '';
  /** Commands in flight at most (from the plan, fewer where keys of others are at risk). */
  depth = 0;
  reconnectDeadlineMs = 0;
  commandTimeoutMs: number = LIVE_DEADLINES.commandMs;
  /** Said before traffic starts (recovery of killed runs, settings left alone); kept even when the run fails. */
  readonly warnings: string[] = [];
  readonly clock: () => number;
  private control: TargetConnection | undefined;
  private guard: RunGuard | undefined;
  private pipe: CommandPipe | undefined;
  private dataClient: Redis | Cluster | undefined;
  private watch: Watch | undefined;
  private db = 0;
  private pipeline: 'resp' | 'ioredis' = 'resp';
  private serverVersion = '';
  private serverName = '';
  private serverExit: string | null = null;

  constructor(private readonly options: LiveEngineOptions, private readonly plan: RunPlan) {
    this.clock = options.clock ?? (() => performance.now());
  }

  /** The profile that models the server reached, when one does. */
  private profileMatch(): { serverProfile?: string } {
    const profile = this.serverVersion ? matchProfile(this.serverName, this.serverVersion) : null;
    return profile ? { serverProfile: profile.id } : {};
  }

  details(): SessionDetails {
    return {
      ...details(this.options),
      serverVersion: this.serverVersion,
      ...(this.serverName ? { serverName: this.serverName } : {}),
      ...this.profileMatch(),
      prefix: this.prefix,
      db: this.db,
      pipeline: this.pipeline,
      configChanged: this.guard ? [...this.guard.changedSettings()] : [],
      foreignKeysEvicted: this.watch?.watcher?.foreignEvicted ?? 0,
    };
  }

  /** Set when the managed server exited during the run. */
  serverGone(): string | null {
    return this.serverExit;
  }

  /**
   * Starts or connects to the target and makes it ready for the run: a user's server guarded,
   * checked for the eviction risk and given the plan's settings; the watcher opened (its `onStop`
   * stops the run). Throws what keeps the run from starting.
   */
  async open(onStop: (error: RedisTargetError) => void): Promise<void> {
    const { options, plan } = this;
    if (plan.server.policy === 'exact-lru') {
      throw new RedisTargetError('config', 'maxmemory-policy "exact-lru" is the simulator\'s true-LRU reference; no Redis runs it. Choose a Redis policy (allkeys-lru comes closest) for a live run.');
    }
    const env = options.env ?? process.env;
    const target = options.target;
    const failures = options.failures;
    if (target === 'managed' && failures) {
      this.set = await startManagedSentinelSet({
        replicas: failures.replicas, sentinel: failures.sentinel, persistence: failures.persistence,
        settings: serverSettingsOf(plan), binaryPath: options.redisServerPath, env,
      });
      this.target = parseTarget(this.set.url);
    } else if (target === 'managed') {
      const server = await startManagedRedis({ binaryPath: options.redisServerPath, env, settings: serverSettingsOf(plan) });
      this.server = server;
      void server.exited.then(({ code, signal: exitSignal }) => {
        this.serverExit = `The managed redis-server (pid ${server.pid}) exited during the run (${exitSignal ? `signal ${exitSignal}` : `code ${code}`}).`;
      });
      this.target = parseTarget(server.url);
    } else if (target === 'managed-cluster') {
      const shards = options.shards ?? 3;
      this.cluster = await startManagedCluster({ shards, replicas: failures?.replicas ?? 0, serverSettings: serverSettingsOf(plan, shards), binaryPath: options.redisServerPath, env });
      this.noteClusterMemory(shards);
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
    this.reconnectDeadlineMs = typeof target === 'string' ? options.reconnectDeadlineMs ?? 10_000 : options.reconnectDeadlineMs ?? parsedTarget.reconnectDeadlineMs;
    this.commandTimeoutMs = options.commandTimeoutMs ?? parsedTarget.commandTimeoutMs ?? LIVE_DEADLINES.commandMs;
    this.control = await connectTarget(parsedTarget, {
      passwords: options.passwords, connectionName: 'keyspace-live-control', retry: { baseMs: 50, capMs: 1000 }, commandTimeoutMs: this.commandTimeoutMs,
    });
    this.depth = options.pipelineDepth ?? defaultDepth(plan);
    let watchRequired = false;
    if (typeof target === 'object') {
      watchRequired = await this.guardUserServer(target, env, this.control);
    } else {
      const info = await this.sampleInfo();
      this.serverVersion = info.version;
      this.serverName = info.serverName;
    }
    // Keyspace notifications: per-namespace evictions and expiries, and a stop at the first foreign eviction.
    this.watch = await startWatch({
      nodes: this.nodes(), setNotifyFlags: notifyFlagsSetter(this.control.client, this.guard), db: this.db, prefix: this.prefix,
      // The namespaces' patterns, then the rate limiters' (their evictions are counted per limiter).
      patterns: [...plan.namespaces.map((ns) => ns.pattern), ...(plan.rateLimits?.limiters ?? []).map((l) => l.pattern)], description: this.description,
      required: watchRequired, allowEvictionRisk: typeof target === 'object' && (target.allowEvictionRisk ?? false), onStop,
    });
    this.pipeline = options.client !== 'ioredis' && (parsedTarget.kind === 'standalone' || parsedTarget.kind === 'unix') ? 'resp' : 'ioredis';
  }

  /** A user's server: leftovers recovered, the guard begun, the eviction risk checked, the settings applied. Whether the watcher is required. */
  private async guardUserServer(target: Exclude<LiveEngineOptions['target'], string>, env: NodeJS.ProcessEnv, control: TargetConnection): Promise<boolean> {
    const { options, plan } = this;
    const runId = options.runId ?? newLiveRunId();
    // What killed runs left (journaled CONFIG, leftover keys) goes first: it would look like
    // someone else's data to checkEmptyDb, and a changed setting must never pass for an original.
    const journal = ConfigJournal.forEnv(env);
    this.warnings.push(...(await recoverLeftovers(control.client, { journal })).lines);
    const guard = new RunGuard({ runId, target: this.description, journal, db: this.db });
    this.guard = guard;
    this.prefix = guard.prefix;
    await guard.checkEmptyDb(control.client, target.allowNonEmpty ?? false);
    await guard.begin(control.client);
    const first = await this.sampleInfo();
    this.serverVersion = first.version;
    this.serverName = first.serverName;
    // Before the first write (CONFIG included): refuse a run that could make the server evict keys of others.
    // The footprint is estimated only where keys of others are at risk, i.e. with the depth capped as below.
    const check = await checkEvictionRisk({
      plan, nodes: this.nodes(), prefix: this.prefix, connections: 2 + (plan.pubsub ? 33 : 0),
      pipelineDepth: options.pipelineDepth ?? Math.min(this.depth, AT_RISK_PIPELINE_DEPTH),
      description: this.description, db: this.db, allowEvictionRisk: target.allowEvictionRisk ?? false, clock: this.clock,
    });
    if (check.warning) this.warnings.push(check.warning);
    const watchRequired = check.foreignKeysAtRisk > 0;
    // Commands already sent when the first foreign eviction is seen still run, each SET able to
    // evict one more key of others: keep few in flight where that can happen.
    if (watchRequired && options.pipelineDepth === undefined) this.depth = Math.min(this.depth, AT_RISK_PIPELINE_DEPTH);
    await this.applySettings(first, guard, control);
    return watchRequired;
  }

  /**
   * The plan's server settings on a user's server, each restored afterwards. maxmemory and the
   * policy are left alone when the server holds keys the run does not own: they could evict them.
   */
  private async applySettings(info: InfoSample, guard: RunGuard, control: TargetConnection): Promise<void> {
    const othersPresent = info.keysAllDbs > 0;
    const shards = this.isCluster ? this.nodes().length : 1;
    if (!othersPresent) this.noteClusterMemory(shards);
    for (const [name, value] of Object.entries(serverSettingsOf(this.plan, shards))) {
      if (othersPresent && EVICTING_SETTINGS.has(name)) {
        this.warnings.push(`${name} was left as the server has it: the server holds ${info.keysAllDbs} keys the run does not own, and changing ${name} could evict them`);
        continue;
      }
      try {
        const current = (await control.client.config('GET', name)) as string[];
        if (current[1] === String(value)) continue;
        await guard.changeConfig(control.client, name, value);
      } catch (error) {
        this.warnings.push(`Could not set ${name} ${value} on ${this.description} (${(error as Error).message}); the server's own value was used`);
      }
    }
  }

  /** The design's maxmemory split over a cluster's masters, said in the run's warnings. */
  private noteClusterMemory(shards: number): void {
    const { note } = clusterMemory(this.plan.server.maxmemoryBytes, shards);
    if (note) this.warnings.push(note);
  }

  /** Opens the data pipe (again, after a drop); replies go to `listener`. */
  async openPipe(listener: ReplyListener): Promise<CommandPipe> {
    this.dataClient?.disconnect();
    const opened = await openDataPipe(this.target as Target, listener, {
      useResp: this.pipeline === 'resp', passwords: this.options.passwords, clock: this.clock, description: this.description, commandTimeoutMs: this.commandTimeoutMs,
    });
    this.dataClient = opened.client;
    this.pipe = opened.pipe;
    return opened.pipe;
  }

  /** Subscriber connections, subscriptions and consumer groups of the plan's pub/sub section. */
  async openPubsub(signal: CancelSignal): Promise<void> {
    const pubsubPlan = this.plan.pubsub;
    const target = this.target as Target;
    if (!pubsubPlan || signal.aborted) return;
    const client = this.control?.client;
    let shardSlots: SlotRange[][] = [[[0, CLUSTER_SLOTS - 1]]];
    if (this.cluster) {
      shardSlots = this.cluster.nodes.filter((n) => n.role === 'master').map((n) => n.slotRanges.map((r): SlotRange => [r.start, r.end]));
    } else if (client instanceof Cluster) {
      shardSlots = await clusterShardSlots(client);
    }
    const pubsub = new LivePubsub({
      plan: pubsubPlan,
      target,
      secrets: {
        password: resolvePassword(target, this.options.passwords),
        tls: target.kind !== 'unix' && target.tls ? await loadTls(target.tls) : undefined,
      },
      prefix: this.prefix,
      // The plan is already scaled, its pub/sub section with it (run/scale-plan.ts).
      speed: 1,
      clock: this.clock,
      shardSlots,
      commandTimeoutMs: this.commandTimeoutMs,
    });
    this.pubsub = pubsub;
    await withDeadline(pubsub.open(), LIVE_DEADLINES.openMs, `Opening the pub/sub connections to ${this.description}`, () => void pubsub.close());
  }

  /** The masters, on the control connection. */
  nodes(): Redis[] {
    const client = this.control?.client;
    if (!client) return [];
    return client instanceof Cluster ? client.nodes('master') : [client];
  }

  get isCluster(): boolean {
    return this.control?.client instanceof Cluster;
  }

  /** INFO of every master, summed. */
  sampleInfo(): Promise<InfoSample> {
    return sampleInfo(this.nodes(), this.db, this.commandTimeoutMs, this.description);
  }

  /** The final sync with the watcher: its per-namespace counts stop where the final INFO does. */
  async syncWatch(timeoutMs: number): Promise<void> {
    await this.watch?.watcher?.sync(timeoutMs);
  }

  /** Hands each of the run's evicted keys, with its group (namespaces, then limiters), to `listener`. */
  onOwnEvicted(listener: (group: number, key: string) => void): void {
    const watcher = this.watch?.watcher;
    if (watcher) watcher.onOwnEvicted = listener;
  }

  namespaceEvents(): NamespaceEvents | null {
    return namespaceEventsOf(this.watch);
  }

  /** Closes what was opened, newest first, within the teardown's deadlines (teardown.ts). */
  async teardown(): Promise<{ teardown: TeardownReport; watch?: WatchEnd }> {
    const watch = this.watch;
    let closed = false;
    const report = await tearDown({
      pipe: this.pipe, pubsub: this.pubsub, dataClient: this.dataClient, guard: this.guard, control: this.control,
      server: this.server, cluster: this.cluster, description: this.description, url: details(this.options).target, db: this.db,
      // Foreign evictions are counted through the key cleanup; notifications go back with the CONFIG restore.
      closeWatch: async () => {
        if (closed) return;
        closed = true;
        await watch?.watcher?.close();
      },
    });
    await this.set?.stop();
    return { teardown: report, ...(watch ? { watch: watchEnd(watch, this.description) } : {}) };
  }
}
