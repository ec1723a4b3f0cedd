/** Managed servers started in the app: stats from INFO, runs on one of them, a cluster's maxmemory split. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { leftoverServerProcesses } from '../../simulator/node/redis/test-support';
import { MAX_RUN_SHARDS, parseInput } from '../common';
import { statsOfInfo } from './managed-stats';
import { NEW_PROJECT_TEXT } from './new-project';
import { nextEvent, openedServices } from './test-support';

const { services, disposeAll } = openedServices();

afterAll(async () => {
  await disposeAll();
  expect(await leftoverServerProcesses()).toEqual([]);
});

const info = (fields: Record<string, string | number>, keyspace = ''): string =>
  `# Server\r\nredis_version:7.0.15\r\n${Object.entries(fields).map(([k, v]) => `${k}:${v}\r\n`).join('')}# Keyspace\r\n${keyspace}`;

describe('statsOfInfo', () => {
  it('sums the masters, leaves out the stats connection and keeps the youngest uptime', () => {
    const a = info({ used_memory: 1000, maxmemory: 300, connected_clients: 3, instantaneous_ops_per_sec: 120, uptime_in_seconds: 50 }, 'db0:keys=10,expires=2,avg_ttl=0\r\ndb3:keys=5,expires=0,avg_ttl=0\r\n');
    const b = info({ used_memory: 2000, maxmemory: 300, connected_clients: 1, instantaneous_ops_per_sec: 30, uptime_in_seconds: 40 }, 'db0:keys=7,expires=7,avg_ttl=9\r\n');
    expect(statsOfInfo([a, b])).toEqual({ masters: 2, usedMemoryBytes: 3000, maxmemoryBytes: 600, clients: 2, opsPerSec: 150, keys: 22, uptimeSec: 40 });
  });

  it('reads 0 for missing or garbled fields', () => {
    expect(statsOfInfo([info({ used_memory: 'lots' })])).toEqual({ masters: 1, usedMemoryBytes: 0, maxmemoryBytes: 0, clients: 0, opsPerSec: 0, keys: 0, uptimeSec: 0 });
  });
});

describe('managed servers in the app', () => {
  it('reports a real server\'s stats, and refuses runs that do not fit it', async () => {
    const s = services();
    const server = await s.startManagedServer({ kind: 'single' });
    const client = new Redis(server.url);
    await client.mset('a', '1', 'b', '2', 'c', '3');
    await client.config('SET', 'maxmemory', '10mb');
    // Stats are read at most once a second: poll until the writes show.
    await vi.waitFor(async () => {
      const [stats] = await s.managedServerStats();
      expect(stats).toMatchObject({ id: server.id, masters: 1, keys: 3, clients: 1, maxmemoryBytes: 10 * 1024 ** 2, error: null });
      expect(stats.usedMemoryBytes).toBeGreaterThan(100_000);
    }, { timeout: 5000, interval: 200 });
    client.disconnect();
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, engine: 'managed-cluster', managedServerId: server.id })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/is a single server/) });
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, engine: 'managed', shards: 3 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, engine: 'sim', managedServerId: server.id })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, engine: 'managed', managedServerId: 'managed-99' })).rejects.toMatchObject({ code: 'not-found' });
    // A run's new cluster is bounded like the app's own servers (each shard a process).
    expect(() => parseInput('startRun', { text: NEW_PROJECT_TEXT, engine: 'managed-cluster', shards: MAX_RUN_SHARDS + 1 })).toThrow(/startRun: shards/);
    await s.stopManagedServer({ id: server.id });
    expect(await s.managedServerStats()).toEqual([]);
  });

  it('runs a design on a 3-shard cluster started in the app, each master with maxmemory ÷ 3, and says so', async () => {
    const s = services();
    const cluster = await s.startManagedServer({ kind: 'cluster', shards: 3 });
    const short = NEW_PROJECT_TEXT.replace('rate: 1000/s, duration: 2m', 'rate: 2000/s, duration: 2s');
    const { runId } = await s.startRun({ text: short, engine: 'managed-cluster', managedServerId: cluster.id });
    const end = await nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId, 60_000);
    expect(end.summary).toMatchObject({ status: 'done', engine: 'managed-cluster', error: null });
    const { result } = await s.getRun({ runId });
    expect(result?.warnings).toContainEqual(expect.stringContaining('on this 3-shard cluster each master got 21.3mb (64mb ÷ 3)'));
    // INFO summed over the masters: the cluster's maxmemory is the design's, not three times it.
    expect(result?.cache.maxmemoryBytes).toBe(3 * Math.floor((64 * 1024 ** 2) / 3));
    // The run restored the cluster's settings and deleted its keys.
    const [stats] = await s.managedServerStats();
    expect(stats).toMatchObject({ id: cluster.id, masters: 3, maxmemoryBytes: 0, keys: 0, error: null });
    await s.stopManagedServer({ id: cluster.id });
    expect(await s.listManagedServers()).toEqual([]);
  }, 90_000);

  it('runs a design on a new cluster of the shards chosen', async () => {
    const s = services();
    const short = NEW_PROJECT_TEXT.replace('rate: 1000/s, duration: 2m', 'rate: 2000/s, duration: 1s');
    const { runId } = await s.startRun({ text: short, engine: 'managed-cluster', shards: 2, speed: 'max' });
    const end = await nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId, 60_000);
    expect(end.summary).toMatchObject({ status: 'done', engine: 'managed-cluster', error: null });
    const { result } = await s.getRun({ runId });
    expect(result?.warnings).toContainEqual(expect.stringContaining('on this 2-shard cluster each master got 32mb (64mb ÷ 2)'));
    expect(result?.cache.maxmemoryBytes).toBe(64 * 1024 ** 2);
    expect(await s.listManagedServers()).toEqual([]);
  }, 60_000);
});

