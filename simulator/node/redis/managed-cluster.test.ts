import { existsSync } from 'node:fs';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget } from './connect';
import { RedisTargetError } from './errors';
import { startManagedCluster, type ManagedCluster } from './managed-cluster';
import { isProcessAlive } from './processes';
import { RunGuard } from './safety';
import { leftoverServerProcesses } from './test-support';

let cluster: ManagedCluster;
let replicated: ManagedCluster;
let single: ManagedCluster;

beforeAll(async () => {
  // All at once: each waits ~2 s for Redis's own post-start delay before cluster_state:ok.
  [cluster, replicated, single] = await Promise.all([
    startManagedCluster({ shards: 3, serverSettings: { maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru' } }),
    startManagedCluster({ shards: 2, replicas: 1 }),
    startManagedCluster({ shards: 1 }),
  ]);
});

afterAll(async () => {
  await Promise.all([cluster?.stop(), replicated?.stop(), single?.stop()]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

function masterClient(port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  client.on('error', () => undefined);
  return client;
}

describe('startManagedCluster', () => {
  it('splits the slots into contiguous ranges like redis-cli and every node agrees', async () => {
    expect(cluster.nodes.map((node) => node.slotRanges)).toEqual([
      [{ start: 0, end: 5460 }],
      [{ start: 5461, end: 10922 }],
      [{ start: 10923, end: 16383 }],
    ]);
    expect(cluster.url).toBe(`cluster://${cluster.nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}`);
    for (const node of cluster.nodes) {
      const client = masterClient(node.port);
      await client.connect();
      expect(await client.cluster('INFO')).toMatch(/cluster_state:ok/);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
      client.disconnect();
    }
  });

  it('serves keys in every slot range through an ioredis Cluster client', async () => {
    const client = new Cluster(cluster.startupNodes.slice(0, 1), { lazyConnect: true });
    await client.connect();
    try {
      for (let i = 0; i < 300; i++) await client.set(`kw:test:key:${i}`, String(i));
      for (const i of [0, 17, 299]) expect(await client.get(`kw:test:key:${i}`)).toBe(String(i));
      const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
      expect(sizes).toHaveLength(3);
      for (const size of sizes) expect(size).toBeGreaterThan(50);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
    } finally {
      client.disconnect();
    }
  });

  it('delivers sharded pub/sub (SSUBSCRIBE/SPUBLISH) on every shard as smessage events', async () => {
    const subscriber = await connectTarget(cluster.url, { shardedSubscribers: true });
    const publisher = await connectTarget(cluster.url);
    try {
      const received: string[] = [];
      subscriber.client.on('smessage', (channel: string, message: string) => received.push(`${channel}=${message}`));
      // Hash tags chosen to land on different shards ({a}: 15495, {b}: 3300, {c}: 7365).
      const channels = ['orders:{a}', 'orders:{b}', 'orders:{c}'];
      for (const channel of channels) await subscriber.client.ssubscribe(channel);
      for (const channel of channels) expect(await publisher.client.spublish(channel, 'hello')).toBe(1);
      for (let i = 0; i < 50 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received.sort()).toEqual(channels.map((channel) => `${channel}=hello`).sort());
    } finally {
      await Promise.all([subscriber.close(), publisher.close()]);
    }
  });

  it('lets a RunGuard count and clean up keys on every master, leaving other keys alone', async () => {
    const connection = await connectTarget(cluster.url);
    const guard = new RunGuard({ runId: 'cluster-run', target: connection.description });
    try {
      const before = await guard.checkEmptyDb(connection.client, true);
      for (let i = 0; i < 200; i++) await connection.client.set(guard.key(`k${i}`), 'v');
      await expect(guard.checkEmptyDb(connection.client, false)).rejects.toThrow(/already holds/);
      expect(await guard.cleanup(connection.client)).toBe(200);
      expect(await guard.checkEmptyDb(connection.client, true)).toEqual(before);
      expect(await connection.client.get('kw:test:key:17')).toBe('17');
    } finally {
      await connection.close();
    }
  });

  it('tells a user who reached a cluster node through redis:// to use cluster://', async () => {
    const connection = await connectTarget(`redis://127.0.0.1:${cluster.nodes[0].port}`);
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `kw:moved:${i}`);
      const errors = await Promise.all(keys.map((key) => connection.client.get(key).then(() => undefined, (e: unknown) => e)));
      const error = connection.classify(errors.find((e) => e !== undefined));
      expect(error).toBeInstanceOf(RedisTargetError);
      expect(error.code).toBe('cluster-redirect');
      expect(error.message).toMatch(/is a Redis Cluster node: it answered MOVED \d+ 127\.0\.0\.1:\d+\. Connect with cluster:\/\//);
    } finally {
      await connection.close();
    }
  });

  it('attaches replicas to their masters and waits until they are in sync', async () => {
    const masters = replicated.nodes.filter((node) => node.role === 'master');
    const replicas = replicated.nodes.filter((node) => node.role === 'replica');
    expect(masters).toHaveLength(2);
    expect(replicas.map((replica) => replica.masterId)).toEqual(masters.map((master) => master.id));
    for (const replica of replicas) {
      expect(replica.slotRanges).toEqual([]);
      const client = masterClient(replica.port);
      await client.connect();
      expect(await client.info('replication')).toMatch(/master_link_status:up/);
      client.disconnect();
    }
  });

  it('serves a single-node cluster through cluster:// (its lone node announces its address)', async () => {
    const connection = await connectTarget(single.url);
    try {
      for (const key of ['a', 'b', 'c', 'd']) await connection.client.set(key, key);
      expect(await connection.client.get('c')).toBe('c');
    } finally {
      await connection.close();
    }
  });

  it('stops every node and removes their temp dirs', async () => {
    expect(single.nodes[0].slotRanges).toEqual([{ start: 0, end: 16383 }]);
    await single.stop();
    for (const node of single.nodes) {
      expect(isProcessAlive(node.pid)).toBe(false);
      expect(existsSync(node.server.dir)).toBe(false);
    }
  });
});
