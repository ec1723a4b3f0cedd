import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget } from './connect';
import { classifyRedisError, isClusterNodeLostError, RedisTargetError, type RedisErrorCode } from './errors';
import { pickFreePort } from './free-port';
import { startManagedRedis, type ManagedRedis } from './managed-server';
import { passwordEnvOf } from './password-env';
import { hasOpenssl, leftoverServerProcesses, makeTestCertificates, type TestCertificates } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kw-errors-test-'));
const started: ManagedRedis[] = [];
let secured: ManagedRedis;

async function start(...args: Parameters<typeof startManagedRedis>): Promise<ManagedRedis> {
  const server = await startManagedRedis(...args);
  started.push(server);
  return server;
}

/** The classified error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<RedisTargetError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RedisTargetError);
  return error as RedisTargetError;
}

beforeAll(async () => {
  secured = await start({
    requirepass: 'right-password',
    aclUsers: [{ name: 'alice', password: 'alice-pw', rules: ['~kw:*', '+@all'] }],
    settings: { maxmemory: '1mb', 'maxmemory-policy': 'noeviction' },
  });
});

afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  rmSync(scratch, { recursive: true, force: true });
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('failures provoked on real servers', () => {
  it('names the variable to check when the password is wrong', async () => {
    const passwords = passwordEnvOf({ allowed: ['KW_TEST_PASSWORD'], howToAllow: 'test' }, { KW_TEST_PASSWORD: 'wrong-password' });
    const error = await failure(connectTarget(`redis://127.0.0.1:${secured.port}?passwordEnv=KW_TEST_PASSWORD`, { passwords }));
    expect(error.code).toBe('auth');
    expect(error.message).toBe(
      `Redis at 127.0.0.1:${secured.port} rejected the password for user 'default' (WRONGPASS), or that user is disabled. Check the variable KW_TEST_PASSWORD.`,
    );
  });

  it('says a password is required when none was sent', async () => {
    const error = await failure(connectTarget(`redis://127.0.0.1:${secured.port}`));
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/requires a password \(NOAUTH\)/);
  });

  it('reports an ACL refusal with the user and what to grant', async () => {
    const connection = await connectTarget(`redis://alice:alice-pw@127.0.0.1:${secured.port}`);
    try {
      const error = connection.classify(await connection.client.get('outside-the-prefix').catch((e: unknown) => e));
      expect(error.code).toBe('acl-denied');
      expect(error.message).toMatch(/for user 'alice' by its ACL \(NOPERM/);
    } finally {
      await connection.close();
    }
  });

  it('explains OOM replies from a full server that may not evict', async () => {
    const connection = await connectTarget(`redis://:right-password@127.0.0.1:${secured.port}`);
    try {
      const value = 'x'.repeat(10_000);
      let error: unknown;
      for (let i = 0; i < 500 && error === undefined; i++) {
        await connection.client.set(`kw:oom:${i}`, value).catch((e: unknown) => (error = e));
      }
      const classified = connection.classify(error);
      expect(classified.code).toBe('oom');
      expect(classified.message).toMatch(/above maxmemory.*noeviction/);
    } finally {
      await connection.close();
    }
  });

  it('reports an unreachable port, host name and cluster as unreachable', async () => {
    const port = await pickFreePort();
    const refused = await failure(connectTarget(`redis://127.0.0.1:${port}`));
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toBe(`Nothing is listening at 127.0.0.1:${port} (ECONNREFUSED). Is Redis running there, and is the port right?`);
    const unknownHost = await failure(connectTarget('redis://no-such-host.invalid:6379?connectTimeoutMs=2000'));
    expect(unknownHost.code).toBe('unreachable');
    const cluster = await failure(connectTarget(`cluster://127.0.0.1:${port}?reconnectDeadlineMs=0`));
    expect(cluster.code).toBe('unreachable');
    expect(cluster.message).toMatch(/ECONNREFUSED/);
  });

  it('fails fast with "disconnected" when the server is killed, then gives up after the deadline', async () => {
    const doomed = await start();
    const connection = await connectTarget(`redis://127.0.0.1:${doomed.port}?reconnectDeadlineMs=400`);
    try {
      process.kill(doomed.pid, 'SIGKILL');
      await doomed.exited;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = Date.now();
      const error = connection.classify(await connection.client.get('kw:any').catch((e: unknown) => e));
      // Nothing waits in a queue: a queued command would wait for the 400 ms reconnect deadline.
      expect(Date.now() - before).toBeLessThan(300);
      expect(error.code).toBe('disconnected');
      const gaveUp = await failure(connection.waitUntilReady(5000));
      expect(gaveUp.code).toBe('unreachable');
      expect(connection.client.status).toBe('end');
    } finally {
      await connection.close();
    }
  });

  it('reports a cluster node without slots as cluster down', async () => {
    const node = await start({ cluster: {} });
    const connection = await connectTarget(`redis://127.0.0.1:${node.port}`);
    try {
      const error = connection.classify(await connection.client.get('kw:key').catch((e: unknown) => e));
      expect(error.code).toBe('cluster-down');
      expect(error.message).toMatch(/CLUSTERDOWN Hash slot not served/);
    } finally {
      await connection.close();
    }
  });
});

describe.skipIf(!hasOpenssl())('TLS mismatches provoked on real servers', () => {
  let certs: TestCertificates;
  let tlsServer: ManagedRedis;
  beforeAll(async () => {
    certs = makeTestCertificates(scratch);
    tlsServer = await start({ tls: certs });
  });

  it('connects with the right CA and server name', async () => {
    const connection = await connectTarget(`rediss://localhost:${tlsServer.port}?ca=${certs.caFile}&servername=localhost`);
    expect(await connection.client.ping()).toBe('PONG');
    await connection.close();
  });

  it('tells a plain client at a TLS port to use rediss://', async () => {
    const error = await failure(connectTarget(`redis://127.0.0.1:${tlsServer.port}`));
    expect(error.code).toBe('tls');
    expect(error.message).toMatch(/use rediss:\/\//);
  });

  it('tells a TLS client at a plain port to use redis://', async () => {
    const error = await failure(connectTarget(`rediss://127.0.0.1:${secured.port}?connectTimeoutMs=300`));
    expect(error.code).toBe('tls');
    expect(error.message).toMatch(/Use redis:\/\/ instead of rediss:\/\//);
  });

  it('reports an untrusted certificate as a TLS failure', async () => {
    const error = await failure(connectTarget(`rediss://localhost:${tlsServer.port}`));
    expect(error.code).toBe('tls');
    expect(error.message).toMatch(/SELF_SIGNED_CERT_IN_CHAIN.*CA file/);
  });
});

describe('classifyRedisError on replies that are hard to provoke locally', () => {
  const context = { target: '10.0.0.5:6379' };
  const reply = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' });
  const cases: Array<[Error, RedisErrorCode, RegExp]> = [
    [reply('LOADING Redis is loading the dataset in memory'), 'loading', /still loading/],
    [reply("READONLY You can't write against a read only replica."), 'readonly', /read-only replica/],
    [reply('MOVED 3999 10.0.0.6:6379'), 'cluster-redirect', /cluster:\/\//],
    [new Error('Too many Cluster redirections. Last error: ReplyError: ASK 3999 10.0.0.6:6379'), 'redirect-storm', /kept redirecting/],
    [new Error('Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down'), 'cluster-down', /is down/],
    [new Error('Command timed out'), 'timeout', /did not answer/],
    [Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), 'unreachable', /timed out/],
    [Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 'tls', /does not speak TLS/],
    [new Error('something new'), 'unknown', /failed: something new/],
  ];
  it.each(cases)('classifies %s', (error, code, message) => {
    const classified = classifyRedisError(error, context);
    expect(classified.code).toBe(code);
    expect(classified.message).toMatch(message);
    expect(classified.cause).toBe(error);
  });

  it('reads a MOVED a cluster client could not follow as a lost master, naming the node', () => {
    const classified = classifyRedisError(reply('MOVED 3999 10.0.0.6:6379'), { ...context, cluster: true });
    expect(classified.code).toBe('cluster-down');
    expect(classified.message).toMatch(/sent a command to 10\.0\.0\.6:6379 .*the cluster lost a master and its slots are not covered/);
    expect(classified.message).not.toMatch(/cluster:\/\//);
  });

  it('tells which cluster command failures mean a lost node', () => {
    const lost = [
      new Error('Connection is closed.'), reply('MOVED 3999 10.0.0.6:6379'), reply('CLUSTERDOWN The cluster is down'),
      new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'), new Error('Command timed out'),
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.6:6379'), { code: 'ECONNREFUSED' }),
    ];
    const notLost = [reply('OOM command not allowed'), reply('WRONGTYPE Operation against a key holding the wrong kind of value'), reply('NOPERM')];
    expect(lost.map(isClusterNodeLostError)).toEqual(lost.map(() => true));
    expect(notLost.map(isClusterNodeLostError)).toEqual(notLost.map(() => false));
  });

  it('names a server that does not speak RESP, HTTP in particular, and a DB index out of range', () => {
    const http = classifyRedisError(new Error('Unknown RESP type 72 "H". Please report this.'), context);
    expect(http).toMatchObject({ code: 'unreachable', message: expect.stringMatching(/^10\.0\.0\.5:6379 answered with HTTP, not the Redis protocol/) });
    const parser = classifyRedisError(new Error('Protocol error, got "H" as reply type byte'), context);
    expect(parser.message).toBe(http.message);
    const other = classifyRedisError(new Error('Protocol error: unexpected reply type byte 0x53.'), context);
    expect(other.message).toMatch(/answered with something that is not the Redis protocol \(first byte "S"\)/);
    expect(classifyRedisError(reply('ERR DB index is out of range'), context)).toMatchObject({ code: 'config', message: expect.stringMatching(/has no such database/) });
  });

  it('passes an already classified error through unchanged', () => {
    const error = new RedisTargetError('oom', 'full');
    expect(classifyRedisError(error, context)).toBe(error);
  });
});
