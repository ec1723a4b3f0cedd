import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget } from './connect';
import { RedisTargetError } from './errors';
import { startManagedRedis, type ManagedRedis } from './managed-server';
import { passwordEnvOf } from './password-env';
import { RunGuard } from './safety';
import { leftoverServerProcesses } from './test-support';

let plain: ManagedRedis;
let socketServer: ManagedRedis;
let protectedMaster: ManagedRedis;
let sentinel: ManagedRedis;

beforeAll(async () => {
  [plain, socketServer, protectedMaster] = await Promise.all([
    startManagedRedis(),
    startManagedRedis({ unixSocket: true }),
    startManagedRedis({ requirepass: 'master-pw' }),
  ]);
  sentinel = await startManagedRedis({
    sentinel: { masterName: 'kw-master', host: '127.0.0.1', port: protectedMaster.port, password: 'master-pw' },
  });
});

afterAll(async () => {
  await Promise.all([plain, socketServer, protectedMaster, sentinel].map((server) => server?.stop()));
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('connectTarget', () => {
  it('connects to a URL, selects the database and closes idempotently', async () => {
    const connection = await connectTarget(`${plain.url}/3`);
    expect(connection.kind).toBe('standalone');
    expect(connection.description).toBe(`127.0.0.1:${plain.port}`);
    expect(connection.client.status).toBe('ready');
    await connection.client.set('kw:db-check', '1');
    await connection.close();
    await connection.close();
    expect(connection.client.status).toBe('end');
    const db3 = await connectTarget({ kind: 'standalone', host: '127.0.0.1', port: plain.port, db: 3 });
    expect(await db3.client.get('kw:db-check')).toBe('1');
    await db3.close();
  });

  it('connects through a unix socket', async () => {
    const connection = await connectTarget(socketServer.url);
    expect(connection.kind).toBe('unix');
    expect(await connection.client.ping()).toBe('PONG');
    await connection.close();
  });

  it('finds the master through Sentinel, with the password taken from the environment', async () => {
    const connection = await connectTarget(`${sentinel.url}?passwordEnv=KW_TEST_MASTER_PASSWORD`, {
      passwords: passwordEnvOf({ allowed: ['KW_TEST_MASTER_PASSWORD'], howToAllow: 'test' }, { KW_TEST_MASTER_PASSWORD: 'master-pw' }),
      origin: 'design',
    });
    expect(connection.kind).toBe('sentinel');
    await connection.client.set('kw:via-sentinel', 'yes');
    const info = await connection.client.info('server');
    expect(info).toMatch(new RegExp(`tcp_port:${protectedMaster.port}`));
    await connection.close();
  });

  it('refuses a password written into a design file, and an unset password variable', async () => {
    await expect(connectTarget(`redis://:pw@127.0.0.1:${plain.port}`, { origin: 'design' })).rejects.toThrow(/must not contain a password/);
    const error = await connectTarget(`redis://127.0.0.1:${plain.port}?passwordEnv=KW_TEST_UNSET`, { passwords: passwordEnvOf({ allowed: ['KW_TEST_UNSET'], howToAllow: 'test' }, {}) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisTargetError);
    expect((error as RedisTargetError).code).toBe('config');
  });

  it('prefixes every key with the run prefix when given a keyPrefix', async () => {
    const guard = new RunGuard({ runId: 'prefixed' });
    const connection = await connectTarget(plain.url, { keyPrefix: guard.prefix });
    const raw = await connectTarget(plain.url);
    try {
      await connection.client.set('user:1', 'v');
      expect(await raw.client.get('kw:prefixed:user:1')).toBe('v');
      expect(await raw.client.exists('user:1')).toBe(0);
    } finally {
      await Promise.all([connection.close(), raw.close()]);
    }
  });

  it('waits until the client is ready again, or rejects once it gives up', async () => {
    const connection = await connectTarget(plain.url);
    await connection.waitUntilReady(100);
    await connection.close();
    const error = await connection.waitUntilReady(100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisTargetError);
    expect((error as RedisTargetError).code).toBe('disconnected');
  });
});
