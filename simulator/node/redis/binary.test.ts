import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRedisServer, parseRedisVersion, RedisBinaryNotFoundError, versionAtLeast } from './binary';

const scratch = mkdtempSync(join(tmpdir(), 'kw-binary-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('findRedisServer', () => {
  it('finds redis-server on PATH and reads its version', async () => {
    const found = await findRedisServer({ env: { PATH: process.env.PATH } });
    expect(found.source).toBe('path');
    expect(found.path).toMatch(/redis-server$/);
    expect(found.version.major).toBeGreaterThanOrEqual(6);
  });

  it('uses KEYSPACE_REDIS_SERVER before PATH', async () => {
    const onPath = await findRedisServer();
    const found = await findRedisServer({ env: { PATH: '', KEYSPACE_REDIS_SERVER: onPath.path } });
    expect(found).toMatchObject({ path: onPath.path, source: 'env' });
  });

  it('names every place it searched and how to install Redis when nothing is found', async () => {
    const error = await findRedisServer({ env: { PATH: `${scratch}:/nonexistent` }, wellKnownDirs: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisBinaryNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(join(scratch, 'redis-server'));
    expect(message).toContain('/nonexistent/redis-server');
    expect(message).toContain('apt-get install redis-server');
    expect(message).toContain('KEYSPACE_REDIS_SERVER');
  });

  it('reports a wrong explicit path instead of silently falling back to PATH', async () => {
    await expect(findRedisServer({ path: join(scratch, 'missing') })).rejects.toThrow(/missing does not exist or is not executable/);
    await expect(findRedisServer({ env: { PATH: process.env.PATH, KEYSPACE_REDIS_SERVER: '/nope' } })).rejects.toThrow(/KEYSPACE_REDIS_SERVER=\/nope/);
  });

  it('rejects an executable that does not print a redis version', async () => {
    const fake = join(scratch, 'redis-server');
    writeFileSync(fake, '#!/bin/sh\necho hello\n', { mode: 0o755 });
    await expect(findRedisServer({ path: fake })).rejects.toThrow(/did not run as redis-server/);
  });
});

describe('parseRedisVersion', () => {
  it('reads the v= field of redis-server --version', () => {
    const version = parseRedisVersion('Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0');
    expect(version).toEqual({ major: 7, minor: 0, patch: 15, text: '7.0.15' });
    expect(versionAtLeast(version!, 7, 0)).toBe(true);
    expect(versionAtLeast(version!, 7, 2)).toBe(false);
    expect(parseRedisVersion('not redis')).toBeUndefined();
  });
});
