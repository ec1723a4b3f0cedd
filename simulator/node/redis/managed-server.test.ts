import { existsSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startManagedRedis, ManagedRedisStartError, type ManagedRedis } from './managed-server';
import { managedServerPids } from './orphan-guard';
import { isProcessAlive } from './processes';
import { leftoverServerProcesses } from './test-support';

const started: ManagedRedis[] = [];
async function start(...args: Parameters<typeof startManagedRedis>): Promise<ManagedRedis> {
  const server = await startManagedRedis(...args);
  started.push(server);
  return server;
}

function clientFor(server: ManagedRedis, password?: string): Redis {
  const client = new Redis({ host: server.host, port: server.port, path: server.unixSocket, password, lazyConnect: true });
  client.on('error', () => undefined);
  return client;
}

describe('startManagedRedis', () => {
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
    expect(managedServerPids()).toEqual([]);
    expect(await leftoverServerProcesses()).toEqual([]);
  });

  it('starts a server on a free loopback port with the design settings applied', async () => {
    const server = await start({
      settings: { maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': 7, hz: 20, 'lfu-log-factor': 12 },
    });
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.version).toMatch(/^\d+\.\d+\.\d+$/);
    const client = clientFor(server);
    await client.connect();
    const config = await client.config('GET', '*');
    const value = (name: string): string => config[config.indexOf(name) + 1];
    expect(value('maxmemory')).toBe(String(64 * 1024 * 1024));
    expect(value('maxmemory-policy')).toBe('allkeys-lru');
    expect(value('maxmemory-samples')).toBe('7');
    expect(value('hz')).toBe('20');
    expect(value('lfu-log-factor')).toBe('12');
    // The safety settings: no persistence, loopback only, protected mode, files in the temp dir.
    expect(value('save')).toBe('');
    expect(value('appendonly')).toBe('no');
    expect(value('bind')).toBe('127.0.0.1');
    expect(value('protected-mode')).toBe('yes');
    expect(value('dir')).toBe(server.dir);
    client.disconnect();
  });

  it('listens on a unix socket in its temp dir when asked', async () => {
    const server = await start({ unixSocket: true });
    expect(server.port).toBe(0);
    expect(server.unixSocket).toBe(`${server.dir}/redis.sock`);
    expect(server.url).toBe(`unix://${server.dir}/redis.sock`);
    const client = clientFor(server);
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  it('protects a server with a password that does not appear on its command line', async () => {
    const server = await start({ requirepass: 's3cret-for-test' });
    const anonymous = clientFor(server);
    await expect(anonymous.connect()).rejects.toThrow();
    anonymous.disconnect();
    const client = clientFor(server, 's3cret-for-test');
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    if (existsSync(`/proc/${server.pid}/cmdline`)) {
      expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).not.toContain('s3cret-for-test');
    }
  });

  it('starts several servers at once on distinct ports', async () => {
    const servers = await Promise.all([start(), start(), start()]);
    expect(new Set(servers.map((server) => server.port)).size).toBe(3);
  });

  it('stops with SIGTERM, removes its temp dir, and may be stopped twice', async () => {
    const server = await start();
    const before = Date.now();
    await Promise.all([server.stop(), server.stop()]);
    expect(Date.now() - before).toBeLessThan(2000);
    expect(isProcessAlive(server.pid)).toBe(false);
    expect(server.watchdogPid !== undefined && isProcessAlive(server.watchdogPid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    // SIGTERM is a graceful shutdown for redis: it exits by itself, with status 0.
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await server.stop();
  });

  it('refuses settings the workbench must own, before starting anything', async () => {
    await expect(startManagedRedis({ settings: { port: 6379 } })).rejects.toThrow(/"port" is managed by the workbench/);
    await expect(startManagedRedis({ settings: { bind: '0.0.0.0' } })).rejects.toThrow(/"bind" is managed/);
    await expect(startManagedRedis({ settings: { 'Max Memory': '1mb' } })).rejects.toThrow(/not a redis.conf setting name/);
  });

  it('reports a server that fails to start with the tail of its log', async () => {
    const failure = await startManagedRedis({ settings: { 'maxmemory-policy': 'most-recently-liked' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ManagedRedisStartError);
    expect((failure as ManagedRedisStartError).message).toMatch(/exited during startup/);
    expect((failure as ManagedRedisStartError).logTail).toMatch(/maxmemory-policy/);
  });
});
