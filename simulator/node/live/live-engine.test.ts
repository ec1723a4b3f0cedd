import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../run';
import type { Snapshot } from '../../run';
import { managedServerPids, startManagedRedis, type ManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { LiveEngine } from './live-engine';
import { smallPlan } from './test-support';

const started: ManagedRedis[] = [];
const clients: Redis[] = [];

async function userServer(options: Parameters<typeof startManagedRedis>[0] = {}): Promise<{ server: ManagedRedis; admin: Redis }> {
  const server = await startManagedRedis(options);
  started.push(server);
  const admin = new Redis({ host: server.host, port: server.port, password: options.requirepass, lazyConnect: true });
  admin.on('error', () => undefined);
  await admin.connect();
  clients.push(admin);
  return { server, admin };
}

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(started.map((server) => server.stop()));
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('LiveEngine on a managed server', () => {
  it('replays the cache-aside traffic and its hits and misses are the ones INFO counted', async () => {
    const plan = smallPlan({ keys: 2000, rate: '3000/s', duration: '2s' });
    const snapshots: Snapshot[] = [];
    let progressCalls = 0;
    const result = await new LiveEngine({ target: 'managed' }).run(plan, {
      snapshot: (s) => snapshots.push(s),
      progress: () => progressCalls++,
    });
    expect(result.error).toBeUndefined();
    expect(result.engine).toBe('live');
    expect(result.partial).toBe(false);
    const sim = simulate(plan);
    expect(result.requests).toBe(sim.requests);
    // The managed server saw only this run: INFO and the client agree exactly.
    expect(result.cache.hits).toBe(result.live.clientHits);
    expect(result.cache.misses).toBe(result.live.clientMisses);
    expect(result.cache.reads).toBe(result.requests);
    expect(result.cache.hits + result.cache.misses).toBe(result.namespaces.reduce((sum, ns) => sum + ns.reads, 0));
    // Every miss loaded and SET its key; no eviction without maxmemory.
    expect(result.cache.sets).toBe(result.cache.misses);
    expect(result.cache.keys).toBe(result.cache.sets - result.origin.duplicateLoads);
    expect(result.cache.evictedKeys).toBe(0);
    expect(Math.abs(result.cache.hitRatio - sim.cache.hitRatio)).toBeLessThan(0.02);
    expect(result.cache.usedMemoryBytes).toBeGreaterThan(800_000);
    expect(result.latency.p50Ms).toBeGreaterThan(0);
    expect(result.live.commands.GET.count).toBe(result.requests);
    expect(result.live.commands.SET.count).toBe(result.cache.sets);
    expect(result.live.pipeline).toBe('resp');
    // Debian's redis-server 7.0.15: the live engine names it and the profile that models it.
    expect(result.live).toMatchObject({ serverName: 'redis', serverProfile: 'redis-7.0' });
    expect(result.live.serverVersion).toMatch(/^7\.0\./);
    expect(result.durationMs).toBeGreaterThanOrEqual(2000);
    expect(result.durationMs).toBeLessThan(3000);
    expect(snapshots.length).toBeGreaterThan(5);
    expect(snapshots).toEqual(result.series);
    expect(snapshots[snapshots.length - 1].hits).toBe(result.cache.hits);
    expect(progressCalls).toBeGreaterThan(3);
    expect(result.warnings.filter((w) => /fell behind/.test(w))).toEqual([]);
  });

  it('answers writes with the invalidation rules and counts stale reads by version', async () => {
    // ttl-only leaves stale values in place; delete removes them after 100 ms.
    const base = { keys: 200, rate: '2000/s', duration: '2s', readWrite: '80/20', ttl: '1m' };
    const ttlOnly = smallPlan({ ...base, rules: '  - { on: items, action: ttl-only, target: "list:*" }' });
    const deleting = smallPlan({ ...base, rules: '  - { on: items, action: delete, delay: 100ms }\n  - { on: items, action: delete-pattern, target: "list:*" }' });
    const [stale, fresh] = [
      await new LiveEngine({ target: 'managed' }).run(ttlOnly),
      await new LiveEngine({ target: 'managed' }).run(deleting),
    ];
    expect(stale.error).toBeUndefined();
    expect(fresh.error).toBeUndefined();
    const simStale = simulate(ttlOnly).cache.staleReads;
    expect(simStale).toBeGreaterThan(100);
    expect(stale.cache.staleReads).toBeGreaterThan(simStale * 0.7);
    expect(stale.cache.staleReads).toBeLessThan(simStale * 1.3);
    expect(fresh.live.commands.DEL.count).toBeGreaterThan(0);
    expect(fresh.live.commands.SCAN.count).toBeGreaterThan(0);
    expect(fresh.cache.deletes).toBeGreaterThan(0);
    expect(fresh.namespaces[0].writes).toBeGreaterThan(0);
    const simFresh = simulate(deleting).cache.staleReads;
    expect(fresh.cache.staleReads).toBeLessThan(Math.max(50, simFresh * 2));
  });

  it('stops within 1 s of a cancel with a partial result, and leaves no server behind', async () => {
    const plan = smallPlan({ keys: 5000, rate: '5000/s', duration: '30s' });
    const signal = { aborted: false };
    let cancelledAt = 0;
    setTimeout(() => {
      cancelledAt = performance.now();
      signal.aborted = true;
    }, 1500);
    const result = await new LiveEngine({ target: 'managed' }).run(plan, undefined, signal);
    const stopMs = performance.now() - cancelledAt;
    expect(stopMs).toBeLessThan(1000);
    expect(result.partial).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.requests).toBeGreaterThan(1000);
    expect(result.requests).toBeLessThan(plan.phases[0].expectedRequests);
    expect(result.cache.hits + result.cache.misses).toBeGreaterThan(0);
    expect(managedServerPids()).toEqual([]);
  });

  it('refuses exact-lru, which no Redis runs, with a clear message', async () => {
    const result = await new LiveEngine({ target: 'managed' }).run(smallPlan({ policy: 'exact-lru', maxmemory: '1mb' }));
    expect(result.error?.code).toBe('config');
    expect(result.error?.message).toMatch(/no Redis runs it/);
    expect(result.partial).toBe(true);
  });

  it('says that hash-field TTLs are the simulator\'s only (nothing of them is sent live)', async () => {
    const plan = smallPlan({ duration: '500ms', rate: '200/s' });
    const namespaces = plan.namespaces.map((ns) => (ns.name === 'items' ? { ...ns, fieldTtl: { fields: 4, fieldBytes: 16, ttlMs: 1000 } } : ns));
    const result = await new LiveEngine({ target: 'managed', alignStart: false }).run({ ...plan, namespaces });
    expect(result.error).toBeUndefined();
    expect(result.warnings.join('\n')).toMatch(/Hash-field TTLs of items are not sent live/);
    const plain = await new LiveEngine({ target: 'managed', alignStart: false }).run(plan);
    expect(plain.warnings.join('\n')).not.toMatch(/Hash-field TTLs/);
  });
});

describe('LiveEngine on a user\'s server', () => {
  it('refuses a non-empty DB, then, when allowed, touches only its own prefixed keys and deletes them', async () => {
    const { server, admin } = await userServer({ settings: { 'maxmemory-policy': 'noeviction' } });
    await admin.set('precious', 'do not touch');
    const plan = smallPlan({ keys: 300, rate: '1000/s', duration: '1s' });
    const refused = await new LiveEngine({ target: { url: server.url } }).run(plan);
    expect(refused.error?.code).toBe('non-empty-db');
    expect(refused.error?.message).toMatch(/already holds 1 key/);
    expect(refused.requests).toBe(0);

    const allowed = await new LiveEngine({ target: { url: server.url, allowNonEmpty: true }, runId: 'allowed-run' }).run(plan);
    expect(allowed.error).toBeUndefined();
    expect(allowed.live.prefix).toBe('kw:allowed-run:');
    expect(allowed.cache.sets).toBeGreaterThan(0);
    expect(allowed.live.keysDeleted).toBe(allowed.cache.sets - allowed.origin.duplicateLoads);
    expect(await admin.get('precious')).toBe('do not touch');
    expect(await admin.dbsize()).toBe(1);
    // maxmemory and the policy could evict the user's key: left alone, and said so.
    expect(allowed.warnings.join('\n')).toMatch(/maxmemory was left as the server has it/);
    expect(await admin.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
  });

  it('applies the design\'s server settings to an empty server and restores every one of them', async () => {
    const { server, admin } = await userServer({ settings: { hz: 15, 'maxmemory-samples': 3 } });
    const before = await admin.config('GET', '*');
    const plan = smallPlan({ keys: 2000, valueSize: '1kb', rate: '2000/s', duration: '2s', maxmemory: '1500kb', policy: 'allkeys-lfu' });
    let during: string[] = [];
    const probe = setTimeout(async () => {
      during = (await admin.config('GET', 'maxmemory-policy')) as string[];
    }, 800);
    const result = await new LiveEngine({ target: { url: `${server.url}/2` } }).run(plan);
    clearTimeout(probe);
    expect(result.error).toBeUndefined();
    expect(during).toEqual(['maxmemory-policy', 'allkeys-lfu']);
    expect(result.live.db).toBe(2);
    // A user's server too: its version and profile are read before the run.
    expect(result.live.serverProfile).toBe('redis-7.0');
    expect(result.live.configChanged.map((c) => c.name).sort()).toEqual(['hz', 'maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'notify-keyspace-events']);
    expect(result.live.configRestored).toBe(true);
    expect(await admin.config('GET', '*')).toEqual(before);
    expect(result.cache.evictedKeys).toBeGreaterThan(0);
    // The cleanup's own commands may still evict a few keys (memory sits at maxmemory).
    expect(result.live.keysDeleted).toBeLessThanOrEqual(result.cache.keys);
    expect(result.live.keysDeleted).toBeGreaterThan(result.cache.keys - 30);
    const keysLeft = await admin.info('keyspace');
    expect(keysLeft).not.toMatch(/^db\d+:/m);
  });

  it('SETs a ttl: none namespace without PX, with either client: TTL answers -1 and INFO counts no expires, where a 1m TTL gives every key one', async () => {
    const { server, admin } = await userServer();
    /** TTLs of the run's keys and the keyspace line, read 2 s after the run is started (it starts on a whole second). */
    const probe = async (prefix: string) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      const ttls = await Promise.all(keys.map((key) => admin.ttl(key)));
      return { keys: keys.length, ttls: [...new Set(ttls)].sort((a, b) => a - b), keyspace: await admin.info('keyspace') };
    };
    for (const [client, ttl] of [['resp', 'none'], ['ioredis', 'none'], ['resp', '1m']] as const) {
      const plan = smallPlan({ keys: 300, rate: '1000/s', duration: '3s', ttl });
      expect(plan.namespaces.map((ns) => ns.ttlMs)).toEqual(ttl === 'none' ? [null, null] : [60_000, 60_000]);
      const runId = `ttl-${ttl}-${client}`;
      const during = probe(`kw:${runId}:`);
      const result = await new LiveEngine({ target: { url: server.url }, runId, client }).run(plan);
      const seen = await during;
      expect(result.error).toBeUndefined();
      expect(result.live.pipeline).toBe(client);
      expect(result.namespaces.map((ns) => ns.ttlMs)).toEqual(plan.namespaces.map((ns) => ns.ttlMs));
      expect(seen.keys).toBeGreaterThan(50);
      const keyspace = /^db0:keys=(\d+),expires=(\d+)/m.exec(seen.keyspace);
      if (ttl === 'none') {
        expect(seen.ttls, `${client}: every key without expiry`).toEqual([-1]);
        expect(keyspace?.[2]).toBe('0');
      } else {
        expect(seen.ttls[0]).toBeGreaterThan(55);
        expect(seen.ttls[seen.ttls.length - 1]).toBeLessThanOrEqual(60);
        expect(keyspace?.[2]).toBe(keyspace?.[1]);
      }
      expect(result.cache.expiredKeys).toBe(0);
    }
  });

  it('reports a wrong password as an authentication failure, naming the server', async () => {
    const { server } = await userServer({ requirepass: 'right' });
    const url = `redis://:wrong@127.0.0.1:${server.port}`;
    const result = await new LiveEngine({ target: { url } }).run(smallPlan());
    expect(result.error?.code).toBe('auth');
    expect(result.error?.message).toMatch(new RegExp(`Redis at 127.0.0.1:${server.port} rejected the password`));
    expect(result.warnings[0]).toBe(result.error?.message);
    expect(JSON.stringify(result)).not.toMatch(/wrong@/);
  });

  it('reports an unreachable server without hanging', async () => {
    const result = await new LiveEngine({ target: { url: 'redis://127.0.0.1:1?connectTimeoutMs=500&reconnectDeadlineMs=0' } }).run(smallPlan());
    expect(result.error?.code).toBe('unreachable');
    expect(result.error?.message).toMatch(/ECONNREFUSED/);
  });

  it('returns a partial result with the gap marked when the server is killed mid-run, never hanging', async () => {
    const { server } = await userServer();
    const plan = smallPlan({ keys: 2000, rate: '3000/s', duration: '20s' });
    let killed = false;
    const killAfterOneSecond = {
      snapshot: () => undefined,
      progress: ({ tMs }: { tMs: number }) => {
        if (tMs < 1000 || killed) return;
        killed = true;
        process.kill(server.pid, 'SIGKILL');
      },
    };
    const began = performance.now();
    const result = await new LiveEngine({ target: { url: server.url }, reconnectDeadlineMs: 1500 }).run(plan, killAfterOneSecond);
    expect(performance.now() - began).toBeLessThan(8000);
    expect(result.partial).toBe(true);
    expect(result.error?.code).toBe('disconnected');
    expect(result.live.gaps).toHaveLength(1);
    const gap = result.live.gaps[0];
    expect(gap.startMs).toBeGreaterThan(1000);
    expect(gap.startMs).toBeLessThan(1500);
    expect(gap.endMs).toBeNull();
    expect(gap.droppedRequests).toBeGreaterThan(1000);
    expect(result.requests).toBeGreaterThan(2000);
    expect(result.cache.hits + result.cache.misses).toBeGreaterThan(0);
    expect(result.warnings.join('\n')).toMatch(/No connection from 1\.\d\d s to the end/);
  });
}, 60_000);
