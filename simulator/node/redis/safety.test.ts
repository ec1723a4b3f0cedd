import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisTargetError } from './errors';
import { startManagedRedis, type ManagedRedis } from './managed-server';
import { RunGuard } from './safety';
import { leftoverServerProcesses } from './test-support';

let server: ManagedRedis;
let client: Redis;

beforeAll(async () => {
  server = await startManagedRedis({ settings: { 'maxmemory-policy': 'noeviction', hz: 10 } });
  client = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  await client.connect();
});

afterAll(async () => {
  client.disconnect();
  await server.stop();
  expect(await leftoverServerProcesses()).toEqual([]);
});

// The tests own this server, so FLUSHDB between them is fine; a RunGuard never sends it.
beforeEach(async () => {
  await client.flushdb();
});

describe('RunGuard', () => {
  it('puts every run key under kw:<runId>: and refuses run ids that could escape it', () => {
    const guard = new RunGuard({ runId: 'run-42' });
    expect(guard.prefix).toBe('kw:run-42:');
    expect(guard.key('user:1')).toBe('kw:run-42:user:1');
    expect(() => new RunGuard({ runId: 'a*b' })).toThrow(RedisTargetError);
    expect(() => new RunGuard({ runId: '' })).toThrow(/letters, digits/);
  });

  it('refuses a non-empty database, then accepts it when explicitly allowed', async () => {
    const guard = new RunGuard({ runId: 'r1', target: `127.0.0.1:${server.port}` });
    expect(await guard.checkEmptyDb(client, false)).toEqual({ keys: 0 });
    await client.set('someone-elses-key', 'precious');
    const error = await guard.checkEmptyDb(client, false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisTargetError);
    expect((error as RedisTargetError).code).toBe('non-empty-db');
    expect((error as RedisTargetError).message).toMatch(new RegExp(`127.0.0.1:${server.port} \\(DB 0\\) already holds 1 key\\.`));
    expect(await guard.checkEmptyDb(client, true)).toEqual({ keys: 1 });
  });

  it('restores every CONFIG value it changed to the original, even after several changes', async () => {
    const guard = new RunGuard({ runId: 'r2' });
    await guard.changeConfig(client, 'maxmemory-policy', 'allkeys-lfu');
    await guard.changeConfig(client, 'maxmemory-policy', 'allkeys-lru');
    await guard.changeConfig(client, 'hz', 50);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(guard.changedSettings()).toEqual([
      { name: 'maxmemory-policy', oldValue: 'noeviction' },
      { name: 'hz', oldValue: '10' },
    ]);
    await guard.restoreConfig();
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await client.config('GET', 'hz')).toEqual(['hz', '10']);
    expect(guard.changedSettings()).toEqual([]);
  });

  it('refuses to change a setting the server does not have', async () => {
    const guard = new RunGuard({ runId: 'r3' });
    await expect(guard.changeConfig(client, 'no-such-setting', 1)).rejects.toThrow(/has no setting "no-such-setting"/);
    expect(guard.changedSettings()).toEqual([]);
  });

  it('deletes every key under its prefix and leaves every other key alone', async () => {
    const guard = new RunGuard({ runId: 'r4' });
    const pipeline = client.pipeline();
    // More than one SCAN page (COUNT 1000), so the cursor loop is exercised.
    for (let i = 0; i < 2500; i++) pipeline.set(guard.key(`k${i}`), 'v');
    pipeline.set('kw:r4-other:k1', 'not ours: another run whose id starts the same');
    pipeline.set('kw:r4', 'not ours: no trailing colon');
    pipeline.set('user:1', 'not ours');
    await pipeline.exec();
    expect(await guard.cleanup(client)).toBe(2500);
    expect((await client.keys('*')).sort()).toEqual(['kw:r4', 'kw:r4-other:k1', 'user:1']);
  });

  it('cleans up through a client that already prefixes its keys', async () => {
    const guard = new RunGuard({ runId: 'r5' });
    const prefixed = new Redis({ host: server.host, port: server.port, keyPrefix: guard.prefix, lazyConnect: true });
    await prefixed.connect();
    try {
      await prefixed.set('a', '1');
      await prefixed.set('b', '2');
      await client.set('kw:r5x:c', 'not ours');
      expect(await client.exists('kw:r5:a', 'kw:r5:b')).toBe(2);
      expect(await guard.cleanup(prefixed)).toBe(2);
      expect(await client.keys('*')).toEqual(['kw:r5x:c']);
    } finally {
      prefixed.disconnect();
    }
  });

  it('never lets FLUSHALL, FLUSHDB or other destructive commands through', async () => {
    const guard = new RunGuard({ runId: 'r6', target: 'the test server' });
    await client.set('precious', '1');
    for (const [name, ...args] of [['FLUSHALL'], ['flushdb', 'ASYNC'], ['CONFIG', 'SET', 'hz', '100'], ['shutdown'], ['SCRIPT', 'FLUSH']]) {
      const error = await guard.command(client, name, ...args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisTargetError);
      expect((error as RedisTargetError).code).toBe('forbidden-command');
    }
    expect(() => guard.assertAllowed('flushall')).toThrow('A live run never sends FLUSHALL to the test server: it would delete every key on the server.');
    expect(await client.get('precious')).toBe('1');
    expect(await client.config('GET', 'hz')).toEqual(['hz', '10']);
    expect(await guard.command(client, 'SET', guard.key('x'), '1')).toBe('OK');
    expect(await guard.command(client, 'CONFIG', 'GET', 'hz')).toEqual(['hz', '10']);
  });
});
