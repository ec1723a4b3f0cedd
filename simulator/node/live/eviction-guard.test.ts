import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { managedServerPids, type ManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { keysAtRisk, type ServerMemory } from './eviction-guard';
import { LiveEngine } from './live-engine';
import { crowdedServer, dumpAll, FOREIGN_KEYS, smallPlan } from './test-support';

const started: ManagedRedis[] = [];
const clients: Redis[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(started.map((server) => server.stop()));
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

async function crowded(): Promise<{ server: ManagedRedis; admin: Redis }> {
  const made = await crowdedServer();
  started.push(made.server);
  clients.push(made.admin);
  return made;
}

/** Touches ~18 000 keys of 1 KB at 6 000 requests/s: ~20 MB if nothing were evicted. */
const BIG_PLAN = smallPlan({ keys: 40_000, valueSize: '1kb', rate: '6000/s', duration: '4s', ttl: '1m' });

describe('the eviction guard on a user\'s server', () => {
  it('refuses a run that could evict keys of others, with the numbers and the ways out, and changes no key outside its prefix', async () => {
    const { server, admin } = await crowded();
    const before = await dumpAll(admin);
    expect(before.size).toBe(FOREIGN_KEYS);
    const configBefore = await admin.config('GET', '*');
    const result = await new LiveEngine({ target: { url: `${server.url}/5` } }).run(BIG_PLAN);
    expect(result.error?.code).toBe('foreign-eviction-risk');
    const message = result.error?.message ?? '';
    expect(message).toMatch(/^Refusing to run on 127\.0\.0\.1:\d+ \(DB 5\): the run could make it evict keys the run does not own\./);
    expect(message).toMatch(/maxmemory 16\.0 MB with policy allkeys-lru; used_memory 1\d\.\d MB \+ the run's estimated peak \d+\.\d MB \+ margin \d\.\d MB = \d+\.\d MB, over maxmemory by \d+\.\d MB; 10,000 keys the run does not own could be evicted \(DB 0: 10,000\)/);
    expect(message).toMatch(/simulated peak of the run's keys/);
    expect(message).toMatch(/--managed/);
    expect(message).toMatch(/raise maxmemory to at least \d+\.\d MB/);
    expect(message).toMatch(/--allow-eviction-risk/);
    expect(result.requests).toBe(0);
    // Nothing written, nothing changed: every foreign key byte for byte, the config, and DB 5 empty.
    expect(await dumpAll(admin)).toEqual(before);
    expect(await admin.config('GET', '*')).toEqual(configBefore);
    expect((await admin.info('stats')).match(/evicted_keys:(\d+)/)?.[1]).toBe('0');
    expect(await admin.info('keyspace')).not.toMatch(/^db5:/m);
  });

  it('lets a small run through on the same server, and counts its evictions and expiries per namespace', async () => {
    const { server, admin } = await crowded();
    const before = await dumpAll(admin);
    const plan = smallPlan({ keys: 300, rate: '1000/s', duration: '2s', ttl: '500ms' });
    const result = await new LiveEngine({ target: { url: `${server.url}/5` } }).run(plan);
    expect(result.error).toBeUndefined();
    expect(result.live.foreignKeysEvicted).toBe(0);
    expect(await dumpAll(admin)).toEqual(before);
    // 500 ms TTLs in a 2 s run: keys expire, each counted in its namespace.
    const expired = result.namespaces.reduce((total, ns) => total + ns.expiredKeys, 0);
    expect(result.namespaces[0].expiredKeys).toBeGreaterThan(50);
    expect(Math.abs(expired - result.cache.expiredKeys)).toBeLessThanOrEqual(Math.max(3, 0.02 * result.cache.expiredKeys));
    expect(result.departures.join('\n')).not.toMatch(/evictions, expiries/);
    expect(await admin.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
  });

  it('with the risk accepted, stops at the first eviction of a key of others, names how many were lost, and cleans up', async () => {
    const { server, admin } = await crowded();
    const result = await new LiveEngine({ target: { url: `${server.url}/5`, allowEvictionRisk: true }, runId: 'risky' }).run(BIG_PLAN);
    expect(result.error?.code).toBe('foreign-eviction');
    expect(result.partial).toBe(true);
    const lost = FOREIGN_KEYS - await admin.dbsize();
    expect(lost).toBeGreaterThan(0);
    // Every lost key was seen, until the watcher closed after the cleanup.
    expect(result.live.foreignKeysEvicted).toBe(lost);
    expect(result.error?.message).toMatch(new RegExp(`evicted ${lost} keys? the run did not write \\(DB 0: ${lost}; e\\.g\\. "user:\\d+"`));
    expect(result.warnings[0]).toBe(result.error?.message);
    expect(result.warnings.join('\n')).toMatch(/Eviction risk accepted \(allow-eviction-risk\)/);
    // It stopped early: far fewer requests than planned.
    expect(result.requests).toBeLessThan(BIG_PLAN.phases[0].expectedRequests * 0.9);
    // Its own keys are gone, its settings restored.
    await admin.select(5);
    expect(await admin.dbsize()).toBe(0);
    await admin.select(0);
    expect(result.live.configRestored).toBe(true);
    expect(await admin.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
  });

  it('stops a run whose watcher is cut off where keys of others are at risk: it could no longer see their eviction', async () => {
    const { server, admin } = await crowded();
    const plan = smallPlan({ keys: 300, rate: '1000/s', duration: '20s' });
    const signal = { aborted: false };
    const killer = setTimeout(() => void admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub'), 1500);
    // A cancel after 8 s keeps the test bounded should the watcher's loss go unnoticed.
    const bound = setTimeout(() => { signal.aborted = true; }, 8000);
    const result = await new LiveEngine({ target: { url: `${server.url}/5` } }).run(plan, undefined, signal);
    clearTimeout(killer);
    clearTimeout(bound);
    expect(signal.aborted).toBe(false);
    expect(result.error?.code).toBe('disconnected');
    expect(result.error?.message).toMatch(/keyspace-event subscriber on 127\.0\.0\.1:\d+ disconnected .* The run stopped: it can no longer see whether 127\.0\.0\.1:\d+ evicts keys the run does not own/);
    expect(result.partial).toBe(true);
    expect(result.live.keysDeleted).toBeGreaterThan(0);
    await admin.select(5);
    expect(await admin.dbsize()).toBe(0);
    await admin.select(0);
  });

  it('refuses a server where keys of others are at risk and it cannot turn keyspace notifications on', async () => {
    const { server, admin } = await crowded();
    await admin.call('ACL', 'SETUSER', 'runner', 'on', '>runner-pw', '~*', '&*', '+@all', '-config');
    const url = `redis://runner:runner-pw@127.0.0.1:${server.port}/5`;
    const plan = smallPlan({ keys: 300, rate: '1000/s', duration: '1s' });
    const refused = await new LiveEngine({ target: { url } }).run(plan);
    expect(refused.error?.code).toBe('foreign-eviction-risk');
    expect(refused.error?.message).toMatch(/holds keys of others that its maxmemory policy may evict, and the run cannot watch evictions \(.*NOPERM.*\)\. Enable keyevent notifications/);
    expect(refused.requests).toBe(0);
    // Accepted, it runs unwatched and says so.
    const accepted = await new LiveEngine({ target: { url, allowEvictionRisk: true } }).run(plan);
    expect(accepted.error).toBeUndefined();
    expect(accepted.warnings.join('\n')).toMatch(/Keyspace notifications are not available .* evictions of keys the run does not own would go unnoticed \(risk accepted\)/);
    expect(accepted.departures.join('\n')).toMatch(/Per-namespace evictions and expiries were not measured on this run/);
    expect(await admin.dbsize()).toBe(FOREIGN_KEYS);
  });
}, 60_000);

describe('keys at risk', () => {
  const server = (policy: string, maxmemoryBytes = 1 << 20): ServerMemory => ({
    node: 'n', maxmemoryBytes, policy, usedMemoryBytes: 0,
    dbs: new Map([[0, { keys: 10, expires: 3 }], [2, { keys: 5, expires: 0 }]]),
  });

  it('are every key under allkeys-*, keys with a TTL under volatile-*, none without eviction', () => {
    expect([...keysAtRisk(server('allkeys-lfu'))]).toEqual([[0, 10], [2, 5]]);
    expect([...keysAtRisk(server('volatile-ttl'))]).toEqual([[0, 3]]);
    expect([...keysAtRisk(server('noeviction'))]).toEqual([]);
    expect([...keysAtRisk(server('allkeys-lru', 0))]).toEqual([]);
  });
});
