import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startManagedSentinelSet, type ManagedSentinelSet } from './managed-sentinel';
import { managedServerPids } from './orphan-guard';
import { leftoverServerProcesses } from './test-support';

const sets: ManagedSentinelSet[] = [];

afterAll(async () => {
  await Promise.all(sets.map((set) => set.stop()));
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
  for (const set of sets) for (const server of set.servers) expect(existsSync(server.dir)).toBe(false);
});

async function withClient<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    client.disconnect();
  }
}

describe('a managed replicated set', () => {
  it('persists per the design, and a killed primary restarted in its dir loads its RDB (none: starts empty)', async () => {
    const rdb = await startManagedSentinelSet({ replicas: 1, persistence: { mode: 'rdb', rdbEverySec: 1 } });
    const none = await startManagedSentinelSet({ persistence: { mode: 'none', rdbEverySec: 1 } });
    sets.push(rdb, none);
    for (const set of [rdb, none]) {
      const primary = await set.primary();
      await withClient(primary.port, async (client) => {
        await client.mset({ a: '1', b: '2', c: '3' });
        const save = (await client.config('GET', 'save')) as string[];
        expect(save[1]).toBe(set === rdb ? '1 1' : '');
        if (set === rdb) {
          await client.bgsave();
          await expect.poll(async () => Number(/rdb_bgsave_in_progress:(\d)/.exec(await client.info('persistence'))?.[1]), { timeout: 5000 }).toBe(0);
          // The replica is attached and synced.
          await expect.poll(async () => withClient(set.servers[1].port, (replica) => replica.dbsize()), { timeout: 5000 }).toBe(3);
        }
      });
      await set.kill(primary);
      expect(primary.process).toBeUndefined();
      expect(existsSync(primary.dir)).toBe(true);
      await set.restart(primary);
      expect(await set.dbsize(primary)).toBe(set === rdb ? 3 : 0);
    }
    expect(rdb.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  }, 20_000);

  it('with three sentinels: they agree on the primary and SENTINEL FAILOVER promotes the replica', async () => {
    const set = await startManagedSentinelSet({
      replicas: 1, sentinel: { sentinels: 3, quorum: 2, downAfterMs: 1000, failoverTimeoutMs: 3000 },
    });
    sets.push(set);
    expect(set.sentinels).toHaveLength(3);
    expect(set.url).toMatch(/^redis-sentinel:\/\/(127\.0\.0\.1:\d+,){2}127\.0\.0\.1:\d+\/kw-primary$/);
    const before = await set.primary();
    expect(before).toBe(set.servers[0]);
    await set.failover();
    await expect.poll(async () => (await set.primary()).port, { timeout: 10_000 }).toBe(set.servers[1].port);
  }, 20_000);
});
