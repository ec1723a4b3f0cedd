/**
 * A small Redis Cluster of managed servers on loopback: N masters with evenly split slots and
 * optional replicas, built the way `redis-cli --cluster create` builds one, and returned only
 * once every node reports `cluster_state:ok` and all of them agree on the slot map.
 */
import { Redis } from 'ioredis';
import { versionAtLeast, parseRedisVersion } from './binary';
import { startManagedRedis, type ManagedRedis, type ManagedRedisOptions } from './managed-server';
import type { ServerSettings } from './server-config';
import { evenSlotRanges, type SlotRange } from './slots';

/** How to build the cluster. */
export interface ManagedClusterOptions {
  /** Masters. Default 3. */
  shards?: number;
  /** Replicas per master. Default 0. */
  replicas?: number;
  serverSettings?: ServerSettings;
  /** Default 2000 ms: small enough that failure detection is quick in tests. */
  nodeTimeoutMs?: number;
  requirepass?: string;
  binaryPath?: string;
  env?: NodeJS.ProcessEnv;
  /** How long the cluster may take to converge. Default 20 s. */
  readyTimeoutMs?: number;
}

/** One node of a managed cluster. */
export interface ManagedClusterNode {
  host: string;
  port: number;
  busPort: number;
  pid: number;
  /** The 40-character node id. */
  id: string;
  role: 'master' | 'replica';
  /** For a replica, its master's id. */
  masterId?: string;
  /** The slots this node serves as master (empty for replicas). */
  slotRanges: SlotRange[];
  server: ManagedRedis;
}

/** A running managed cluster. */
export interface ManagedCluster {
  readonly nodes: readonly ManagedClusterNode[];
  /** `[{ host, port }]` of every master, for `new Cluster(startupNodes)`. */
  readonly startupNodes: ReadonlyArray<{ host: string; port: number }>;
  /** `cluster://127.0.0.1:p1,127.0.0.1:p2,…` (masters only). */
  readonly url: string;
  /** Stops every node (in parallel) and removes their temp dirs. Idempotent. */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function admin(server: ManagedRedis, password: string | undefined): Redis {
  const client = new Redis({
    host: server.host, port: server.port, password, lazyConnect: true, maxRetriesPerRequest: 1,
    retryStrategy: (times) => (times > 20 ? null : 50), disableClientInfo: true,
  });
  client.on('error', () => undefined);
  return client;
}

/** `CLUSTER SLOTS` reduced to a comparable string of `start-end:masterPort/replicaPorts`. */
async function slotMapOf(client: Redis): Promise<string> {
  const reply = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, ...Array<[string, number, string?]>]>;
  return reply
    .map(([start, end, master, ...replicas]) =>
      `${start}-${end}:${master[1]}/${replicas.map((replica) => replica[1]).sort((a, b) => a - b).join(',')}`)
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]))
    .join(' ');
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(info)?.[1];
}

/** Polls until `check` returns undefined (done) or the deadline passes; returns the last complaint. */
async function until(deadline: number, check: () => Promise<string | undefined>): Promise<void> {
  let complaint: string | undefined = 'not checked yet';
  while (Date.now() < deadline) {
    complaint = await check().catch((error: Error) => error.message);
    if (complaint === undefined) return;
    await sleep(50);
  }
  throw new Error(`The managed cluster did not converge: ${complaint}`);
}

/**
 * Starts `shards × (1 + replicas)` cluster-enabled servers, assigns slots with ADDSLOTSRANGE,
 * joins them with CLUSTER MEET (explicit bus ports), attaches replicas and waits for agreement.
 */
export async function startManagedCluster(options: ManagedClusterOptions = {}): Promise<ManagedCluster> {
  const shards = options.shards ?? 3;
  const replicas = options.replicas ?? 0;
  const ranges = evenSlotRanges(shards);
  const settings: ServerSettings = {
    // Without these, replicas take ~10 s to show up: the master waits 5 s for more replicas
    // before a diskless sync, and CLUSTER SLOTS hides a replica until its replication offset is
    // above 0, which only the master's periodic replication PING (every 10 s) moves.
    ...(replicas > 0 ? { 'repl-diskless-sync-delay': 0, 'repl-ping-replica-period': 1 } : {}),
    ...options.serverSettings,
  };
  const serverOptions: ManagedRedisOptions = {
    binaryPath: options.binaryPath, env: options.env, settings, requirepass: options.requirepass,
    cluster: { nodeTimeoutMs: options.nodeTimeoutMs ?? 2000 },
  };
  const total = shards * (1 + replicas);
  const started = await Promise.allSettled(Array.from({ length: total }, () => startManagedRedis(serverOptions)));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const clients = servers.map((server) => admin(server, options.requirepass));
  try {
    const version = parseRedisVersion(`v=${servers[0].version}`);
    if (version && !versionAtLeast(version, 7, 0)) {
      throw new Error(`A managed cluster needs redis-server 7.0 or newer (ADDSLOTSRANGE, cluster-port); found ${version.text}.`);
    }
    const ids = await Promise.all(clients.map(async (client) => String(await client.call('CLUSTER', 'MYID'))));
    // Distinct config epochs up front, as redis-cli does, so nodes need not resolve collisions.
    await Promise.all(clients.map((client, i) => client.call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1))));
    // A node that never met another does not know its address and reports it empty in CLUSTER SLOTS.
    if (total === 1) await clients[0].call('CONFIG', 'SET', 'cluster-announce-ip', servers[0].host);
    await Promise.all(ranges.map((range, i) =>
      clients[i].call('CLUSTER', 'ADDSLOTSRANGE', String(range.start), String(range.end))));
    for (const server of servers.slice(1)) {
      await clients[0].call('CLUSTER', 'MEET', server.host, String(server.port), String(server.busPort));
    }
    const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
    await until(deadline, async () => {
      for (const [i, client] of clients.entries()) {
        const known = infoField(await client.cluster('INFO'), 'cluster_known_nodes');
        if (Number(known) !== total) return `node ${servers[i].port} knows ${known} of ${total} nodes`;
      }
      return undefined;
    });
    // Replica j of master m is node shards + m·replicas + j.
    const masterIdOf = (i: number): string | undefined =>
      i < shards ? undefined : ids[Math.floor((i - shards) / replicas)];
    await Promise.all(clients.map(async (client, i) => {
      const masterId = masterIdOf(i);
      if (masterId) await client.call('CLUSTER', 'REPLICATE', masterId);
    }));
    const expected = ranges
      .map((range, m) => {
        const replicaPorts = servers.slice(shards + m * replicas, shards + (m + 1) * replicas).map((s) => s.port);
        return `${range.start}-${range.end}:${servers[m].port}/${replicaPorts.sort((a, b) => a - b).join(',')}`;
      })
      .join(' ');
    await until(deadline, async () => {
      for (const [i, client] of clients.entries()) {
        const info = await client.cluster('INFO');
        if (infoField(info, 'cluster_state') !== 'ok') return `node ${servers[i].port} reports cluster_state:${infoField(info, 'cluster_state')}`;
        const map = await slotMapOf(client);
        if (map !== expected) return `node ${servers[i].port} sees slots "${map}", expected "${expected}"`;
        if (masterIdOf(i)) {
          const link = infoField(await client.info('replication'), 'master_link_status');
          if (link !== 'up') return `replica ${servers[i].port} has master_link_status:${link}`;
        }
      }
      return undefined;
    });
    const nodes: ManagedClusterNode[] = servers.map((server, i) => ({
      host: server.host,
      port: server.port,
      busPort: server.busPort ?? server.port + 10000,
      pid: server.pid,
      id: ids[i],
      role: i < shards ? 'master' : 'replica',
      masterId: masterIdOf(i),
      slotRanges: i < shards ? [ranges[i]] : [],
      server,
    }));
    const startupNodes = nodes.filter((node) => node.role === 'master').map(({ host, port }) => ({ host, port }));
    let stopping: Promise<void> | undefined;
    return {
      nodes,
      startupNodes,
      url: `cluster://${startupNodes.map(({ host, port }) => `${host}:${port}`).join(',')}`,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    for (const client of clients) client.disconnect();
  }
}
