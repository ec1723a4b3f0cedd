/** Managed redis-servers the user starts from the UI; every one is stopped on dispose. */
import { startManagedCluster, startManagedRedis } from '../../simulator/node/redis';
import { messageOf, ServiceError } from './errors';
import type { ManagedServerInfo } from '../common';

interface Running {
  info: ManagedServerInfo;
  processes: number;
  stop(): Promise<void>;
}

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
        running = { info: { id, kind, url: server.url, pid: server.pid, version: server.version }, processes, stop: () => server.stop() };
      } else {
        const cluster = await startManagedCluster({ shards: shards ?? 3, binaryPath: this.options.redisServerPath, env: this.options.env });
        const version = cluster.nodes[0]?.server.version ?? '';
        running = { info: { id, kind, url: cluster.url, pid: null, version }, processes, stop: () => cluster.stop() };
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
    await running.stop();
  }

  list(): ManagedServerInfo[] {
    return [...this.running.values()].map((running) => running.info);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(all.map((running) => running.stop()));
  }
}
