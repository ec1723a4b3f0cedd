/** Managed redis-servers the user starts from the UI; every one is stopped on dispose. */
import { startManagedCluster, startManagedRedis } from '../../simulator/node/redis';
import { messageOf, ServiceError } from './errors';
import { NO_PASSWORD_ENV } from '../../simulator/node/redis/password-env';
import type { EngineChoice, ManagedServerInfo, ManagedServerStats, StartRunInput } from '../common';
import type { RunJob } from './worker-protocol';
import { StatsReader } from './managed-stats';

interface Running {
  info: ManagedServerInfo;
  processes: number;
  stats: StatsReader;
  stop(): Promise<void>;
}

/** Stats read within this long are answered again, so many polls cost one INFO per master. */
const STATS_FRESH_MS = 1000;

/**
 * redis-server processes the UI may have running at once (each is a real process with its own
 * memory): past it a start is refused as busy until one is stopped. Starts under way count.
 */
export const MAX_MANAGED_PROCESSES = 12;

export class ManagedServers {
  private readonly running = new Map<string, Running>();
  private counter = 0;
  private disposed = false;

  constructor(private readonly options: { redisServerPath?: string; env?: NodeJS.ProcessEnv }) {}

  private starting = 0;
  private lastStats: { at: number; value: Promise<ManagedServerStats[]> } | null = null;

  async start(kind: 'single' | 'cluster', shards: number | undefined): Promise<ManagedServerInfo> {
    if (this.disposed) throw new ServiceError('unavailable', 'The workbench is shutting down');
    // A cluster's masters, and a replica each at most.
    const processes = kind === 'single' ? 1 : 2 * (shards ?? 3);
    const inUse = this.starting + [...this.running.values()].reduce((sum, r) => sum + r.processes, 0);
    if (inUse + processes > MAX_MANAGED_PROCESSES) {
      throw new ServiceError('busy', `${inUse} managed redis-server processes are running or starting; at most ${MAX_MANAGED_PROCESSES} at once. Stop one (Managed servers) before starting another.`);
    }
    const id = `managed-${++this.counter}`;
    let running: Running;
    this.starting += processes;
    try {
      if (kind === 'single') {
        const server = await startManagedRedis({ binaryPath: this.options.redisServerPath, env: this.options.env });
        running = { info: { id, kind, url: server.url, pid: server.pid, version: server.version }, processes, stats: new StatsReader([server]), stop: () => server.stop() };
      } else {
        const cluster = await startManagedCluster({ shards: shards ?? 3, binaryPath: this.options.redisServerPath, env: this.options.env });
        const version = cluster.nodes[0]?.server.version ?? '';
        running = { info: { id, kind, url: cluster.url, pid: null, version }, processes, stats: new StatsReader(cluster.startupNodes), stop: () => cluster.stop() };
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new ServiceError(code === 'redis-server-missing' ? 'unavailable' : 'run-failed', messageOf(error));
    } finally {
      this.starting -= processes;
    }
    if (this.disposed) {
      await running.stop();
      throw new ServiceError('unavailable', 'The workbench is shutting down');
    }
    this.running.set(id, running);
    return running.info;
  }

  async stop(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) throw new ServiceError('not-found', `No managed server "${id}"`);
    this.running.delete(id);
    this.lastStats = null;
    running.stats.close();
    await running.stop();
  }

  /** Every running server's stats, read at most once a second however often the UI asks. */
  stats(now = Date.now()): Promise<ManagedServerStats[]> {
    if (this.lastStats && now - this.lastStats.at < STATS_FRESH_MS) return this.lastStats.value;
    const value = Promise.all([...this.running.values()].map((running) => running.stats.read(running.info.id)));
    this.lastStats = { at: now, value };
    return value;
  }

  /**
   * A run on a managed server started in Servers (managedServerId), as on a connection to it, or
   * the shard count of a new managed cluster (shards; no connection then).
   */
  runTarget(engine: EngineChoice, input: StartRunInput): RunJob['connection'] {
    if (engine !== 'managed' && engine !== 'managed-cluster') {
      throw new ServiceError('bad-input', 'managedServerId and shards apply to the engines managed and managed-cluster');
    }
    if (input.managedServerId === undefined) {
      if (engine !== 'managed-cluster') throw new ServiceError('bad-input', 'shards applies to a new managed cluster (engine managed-cluster)');
      return undefined;
    }
    if (input.shards !== undefined) throw new ServiceError('bad-input', 'A running managed cluster has its own shards: give managedServerId or shards, not both');
    const url = this.urlOf(input.managedServerId, engine === 'managed' ? 'single' : 'cluster');
    return { url, allowNonEmpty: false, allowEvictionRisk: false, passwords: NO_PASSWORD_ENV };
  }

  /** The URL of a running server of this kind, for a run on it. */
  urlOf(id: string, kind: 'single' | 'cluster'): string {
    const running = this.running.get(id);
    if (!running) throw new ServiceError('not-found', `No managed server "${id}": it was stopped; start one in Servers or run on a new one`);
    if (running.info.kind !== kind) throw new ServiceError('bad-input', `Managed server "${id}" is a ${running.info.kind === 'cluster' ? 'cluster' : 'single server'}; choose the engine that matches it`);
    return running.info.url;
  }

  list(): ManagedServerInfo[] {
    return [...this.running.values()].map((running) => running.info);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.running.values()];
    this.running.clear();
    for (const running of all) running.stats.close();
    await Promise.allSettled(all.map((running) => running.stop()));
  }
}
