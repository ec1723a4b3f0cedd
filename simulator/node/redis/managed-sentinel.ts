/**
 * A managed replicated Redis for failure runs: a primary, N replicas (`replicaof`) and, when
 * asked, Sentinels (redis-server --sentinel, what Debian's redis-sentinel runs) with the
 * design's quorum, down-after-milliseconds and failover-timeout. Every data server persists per
 * the design into its own temp dir, which outlives the process so that a crashed server can be
 * restarted on the same port with the same files. stop() ends every process and removes every
 * dir; so does a failed start.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pickFreePorts } from './free-port';
import { startManagedRedis, type ManagedRedis, type ManagedRedisOptions } from './managed-server';
import type { PersistencePlan, ServerSettings } from './server-config';

export interface ManagedSentinelOptions {
  replicas?: number;
  /** Sentinels watching the primary; absent: none (a primary crash then needs a restart). */
  sentinel?: { sentinels: number; quorum: number; downAfterMs: number; failoverTimeoutMs: number };
  persistence?: PersistencePlan;
  settings?: ServerSettings;
  binaryPath?: string;
  env?: NodeJS.ProcessEnv;
  /** How long the replicas may take to sync and the sentinels to see them. Default 15 s. */
  readyTimeoutMs?: number;
}

/** One data server of the set: its port and dir stay when its process is killed and restarted. */
export interface SetServer {
  readonly port: number;
  readonly dir: string;
  /** The running process, or undefined while it is down. */
  process: ManagedRedis | undefined;
}

export interface ManagedSentinelSet {
  readonly masterName: string;
  readonly host: string;
  /** `redis-sentinel://127.0.0.1:p1,…/kw-primary` with sentinels, else `redis://127.0.0.1:port` of the primary. */
  readonly url: string;
  readonly servers: readonly SetServer[];
  readonly sentinels: readonly ManagedRedis[];
  /** The server that is primary now (asked of a sentinel when there are any). */
  primary(): Promise<SetServer>;
  /** SIGKILLs a data server (no shutdown save). */
  kill(server: SetServer): Promise<void>;
  /** Starts a killed server again on its port in its dir: it loads its RDB/AOF, if any. */
  restart(server: SetServer): Promise<void>;
  /** SENTINEL FAILOVER on the first sentinel. */
  failover(): Promise<void>;
  /** DBSIZE of a server (a key census), or undefined when it does not answer within 1 s. */
  dbsize(server: SetServer): Promise<number | undefined>;
  /** Ends every process and removes every dir. Idempotent. */
  stop(): Promise<void>;
}

const MASTER_NAME = 'kw-primary';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function admin(port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, commandTimeout: 1000, disableClientInfo: true });
  client.on('error', () => undefined);
  return client;
}

/** Runs one command on a fresh connection to `port` and closes it. */
async function once<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = admin(port);
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

async function until(deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = ` (${(error as Error).message})`;
    }
    await sleep(50);
  }
  throw new Error(`The managed Sentinel set did not get ready: ${what}${last}`);
}

export async function startManagedSentinelSet(options: ManagedSentinelOptions = {}): Promise<ManagedSentinelSet> {
  const replicas = options.replicas ?? 0;
  const host = '127.0.0.1';
  const ports = await pickFreePorts(1 + replicas);
  const servers: SetServer[] = ports.map((port) => ({ port, dir: mkdtempSync(join(tmpdir(), 'kw-set-')), process: undefined }));
  const sentinels: ManagedRedis[] = [];
  const settings: ServerSettings = {
    // Replicas sync at once and report their offset every second (see managed-cluster.ts).
    ...(replicas > 0 ? { 'repl-diskless-sync-delay': 0, 'repl-ping-replica-period': 1 } : {}),
    ...options.settings,
  };
  const base: ManagedRedisOptions = { binaryPath: options.binaryPath, env: options.env, settings, persistence: options.persistence };
  const start = async (server: SetServer, replicaOf?: { host: string; port: number }): Promise<void> => {
    server.process = await startManagedRedis({ ...base, replicaOf, reuse: { dir: server.dir, port: server.port } });
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    await Promise.all([...sentinels.map((s) => s.stop()), ...servers.map((s) => s.process?.stop())]);
    await Promise.all(servers.map((s) => rm(s.dir, { recursive: true, force: true })));
  })());
  try {
    await start(servers[0]);
    await Promise.all(servers.slice(1).map((server) => start(server, { host, port: servers[0].port })));
    const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
    if (replicas > 0) {
      await until(deadline, `${replicas} replicas online`, () => once(servers[0].port, async (client) =>
        (await client.info('replication')).split('\n').filter((line) => /^slave\d+:.*state=online/.test(line)).length === replicas));
    }
    const spec = options.sentinel;
    if (spec) {
      const started = await Promise.allSettled(Array.from({ length: spec.sentinels }, () => startManagedRedis({
        binaryPath: options.binaryPath, env: options.env,
        sentinel: { masterName: MASTER_NAME, host, port: servers[0].port, quorum: spec.quorum, downAfterMs: spec.downAfterMs, failoverTimeoutMs: spec.failoverTimeoutMs },
      })));
      for (const result of started) if (result.status === 'fulfilled') sentinels.push(result.value);
      const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
      // Ready when every sentinel knows the replicas and the other sentinels (failover needs both).
      await until(deadline, `${spec.sentinels} sentinels agreeing`, async () => {
        for (const sentinel of sentinels) {
          const fields = await once(sentinel.port, async (client) => client.call('SENTINEL', 'MASTER', MASTER_NAME)) as string[];
          const value = (name: string): number => Number(fields[fields.indexOf(name) + 1]);
          if (value('num-slaves') < replicas || value('num-other-sentinels') < spec.sentinels - 1) return false;
        }
        return true;
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const byPort = (port: number): SetServer => {
    const server = servers.find((s) => s.port === port);
    if (!server) throw new Error(`Sentinel names 127.0.0.1:${port}, which is not a server of the set.`);
    return server;
  };
  return {
    masterName: MASTER_NAME,
    host,
    url: sentinels.length > 0
      ? `redis-sentinel://${sentinels.map((s) => `${host}:${s.port}`).join(',')}/${MASTER_NAME}`
      : `redis://${host}:${servers[0].port}`,
    servers,
    sentinels,
    async primary() {
      if (sentinels.length === 0) return servers[0];
      const [, port] = await once(sentinels[0].port, async (client) =>
        client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
      return byPort(Number(port));
    },
    async kill(server) {
      const running = server.process;
      if (!running) return;
      server.process = undefined;
      process.kill(running.pid, 'SIGKILL');
      await running.exited;
      // Releases the watchdog; the dir stays (it is the set's).
      await running.stop();
    },
    async restart(server) {
      if (server.process) return;
      // Sentinel turns a returning old primary into a replica itself; without Sentinel it is the primary again.
      await start(server);
    },
    async failover() {
      await once(sentinels[0].port, async (client) => client.call('SENTINEL', 'FAILOVER', MASTER_NAME));
    },
    async dbsize(server) {
      if (!server.process) return undefined;
      return once(server.port, (client) => client.dbsize()).catch(() => undefined);
    },
    stop,
  };
}
