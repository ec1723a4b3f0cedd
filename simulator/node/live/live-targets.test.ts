import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedServerPids, startManagedCluster, startManagedRedis, type ManagedRedis } from '../redis';
import { hasOpenssl, leftoverServerProcesses, makeTestCertificates, type TestCertificates } from '../redis/test-support';
import { LiveEngine } from './live-engine';
import { smallPlan } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kw-live-targets-'));
const started: ManagedRedis[] = [];

afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  // Every managed server and cluster node of this file is gone, and no process is left behind.
  rmSync(scratch, { recursive: true, force: true });
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe.skipIf(!hasOpenssl())('LiveEngine over TLS', () => {
  let certs: TestCertificates;
  let tlsServer: ManagedRedis;
  let plainServer: ManagedRedis;
  beforeAll(async () => {
    certs = makeTestCertificates(scratch);
    [tlsServer, plainServer] = await Promise.all([startManagedRedis({ tls: certs }), startManagedRedis()]);
    started.push(tlsServer, plainServer);
  });

  it('replays through the fast pipeline on a TLS connection', async () => {
    const url = `rediss://localhost:${tlsServer.port}?ca=${certs.caFile}&servername=localhost`;
    const result = await new LiveEngine({ target: { url } }).run(smallPlan({ keys: 500, rate: '2000/s', duration: '1s' }));
    expect(result.error).toBeUndefined();
    expect(result.live.pipeline).toBe('resp');
    expect(result.cache.hits).toBe(result.live.clientHits);
    expect(result.cache.misses).toBe(result.live.clientMisses);
    expect(result.live.keysDeleted).toBeGreaterThan(0);
  });

  it('says to use redis:// when a TLS client meets a plain server', async () => {
    const result = await new LiveEngine({ target: { url: `rediss://127.0.0.1:${plainServer.port}?connectTimeoutMs=300` } }).run(smallPlan());
    expect(result.error?.code).toBe('tls');
    expect(result.error?.message).toMatch(/Use redis:\/\/ instead of rediss:\/\//);
  });
});

describe('LiveEngine on a managed cluster', () => {
  it('replays through ioredis with slot routing and sums INFO over the masters', async () => {
    const plan = smallPlan({ keys: 1000, rate: '1500/s', duration: '1s', rules: '  []' });
    const result = await new LiveEngine({ target: 'managed-cluster', shards: 3 }).run(plan);
    expect(result.error).toBeUndefined();
    expect(result.live.pipeline).toBe('ioredis');
    expect(result.requests).toBeGreaterThan(1000);
    expect(result.cache.hits).toBe(result.live.clientHits);
    expect(result.cache.misses).toBe(result.live.clientMisses);
    expect(result.cache.keys).toBe(result.cache.sets - result.origin.duplicateLoads);
  }, 60_000);

  it('stops with a clear message when a redis:// URL points at a cluster node (MOVED)', async () => {
    const cluster = await startManagedCluster({ shards: 3 });
    try {
      const node = cluster.nodes[0];
      const result = await new LiveEngine({ target: { url: `redis://${node.host}:${node.port}` } }).run(smallPlan({ keys: 1000, rate: '1000/s', duration: '3s' }));
      expect(result.partial).toBe(true);
      expect(result.error?.code).toBe('cluster-redirect');
      expect(result.error?.message).toMatch(/Connect with cluster:\/\/host:port/);
      expect(result.live.keysDeleted).toBeGreaterThanOrEqual(0);
    } finally {
      await cluster.stop();
    }
  }, 60_000);
});
