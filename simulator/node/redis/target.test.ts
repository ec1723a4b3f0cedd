import { describe, expect, it } from 'vitest';
import { RedisTargetError } from './errors';
import { passwordEnvOf } from './password-env';
import { describeTarget, parseTarget, redactUrl, resolvePassword } from './target';

describe('parseTarget', () => {
  it('reads redis://user:password@host:port/db with defaults filled in', () => {
    expect(parseTarget('redis://app:p%40ss@cache.internal:6390/2')).toEqual({
      kind: 'standalone', host: 'cache.internal', port: 6390, db: 2, username: 'app', password: 'p@ss',
      connectTimeoutMs: 5000, reconnectDeadlineMs: 30_000,
    });
    expect(parseTarget('redis://localhost')).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
    expect(parseTarget('redis://:only-password@[::1]:7000')).toMatchObject({ host: '::1', port: 7000, password: 'only-password' });
  });

  it('reads rediss:// with CA, client certificate and server name parameters', () => {
    const target = parseTarget('rediss://cache:6380/0?ca=/etc/ca.pem&cert=/etc/c.pem&key=/etc/k.pem&servername=cache.example');
    expect(target).toMatchObject({
      kind: 'standalone',
      tls: { caFile: '/etc/ca.pem', certFile: '/etc/c.pem', keyFile: '/etc/k.pem', servername: 'cache.example', rejectUnauthorized: true },
    });
    expect(parseTarget('rediss://cache')).toMatchObject({ tls: { rejectUnauthorized: true } });
    expect(() => parseTarget('rediss://cache?cert=/etc/c.pem')).toThrow(/certFile and keyFile/);
  });

  it('reads unix sockets, sentinels and clusters', () => {
    expect(parseTarget('unix:///run/redis/redis.sock?db=3')).toMatchObject({ kind: 'unix', path: '/run/redis/redis.sock', db: 3 });
    expect(parseTarget('redis-sentinel://s1:26379,s2,[::1]:26380/mymaster/4')).toMatchObject({
      kind: 'sentinel',
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }, { host: '::1', port: 26380 }],
      masterName: 'mymaster',
      db: 4,
    });
    expect(parseTarget('cluster://n1:7000,n2:7001?passwordEnv=REDIS_PASSWORD')).toMatchObject({
      kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }], passwordEnv: 'REDIS_PASSWORD',
    });
  });

  it('validates the options-object form with the same schema', () => {
    expect(parseTarget({ kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }], passwordEnv: 'REDIS_PASSWORD' }))
      .toMatchObject({ kind: 'cluster', connectTimeoutMs: 5000 });
    expect(() => parseTarget({ kind: 'standalone', host: 'h', port: 70000 })).toThrow(/port/);
    expect(() => parseTarget({ kind: 'standalone', host: 'h', password: 'x', passwordEnv: 'X' })).toThrow(/either password or passwordEnv/);
  });

  it('refuses what it cannot honour, with errors of code "config"', () => {
    const cases = [
      'http://cache:6379',
      'redis://a:1,b:2',
      'redis://cache/notadb',
      'redis://cache?colour=blue',
      'cluster://n1:7000/3',
      'redis-sentinel://s1:26379',
      'unix://relative/path',
      'redis://cache:notaport',
    ];
    for (const url of cases) {
      const error = (() => {
        try {
          parseTarget(url);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, url).toBeInstanceOf(RedisTargetError);
      expect((error as RedisTargetError).code, url).toBe('config');
    }
  });

  it('accepts a password from the command line but never from a design file', () => {
    expect(parseTarget('redis://:pw@cache', { origin: 'cli' })).toMatchObject({ password: 'pw' });
    expect(() => parseTarget('redis://:pw@cache', { origin: 'design' })).toThrow(/passwordEnv: REDIS_PASSWORD/);
    expect(parseTarget('redis://cache?passwordEnv=REDIS_PASSWORD', { origin: 'design' })).toMatchObject({ passwordEnv: 'REDIS_PASSWORD' });
  });
});

describe('resolvePassword', () => {
  const allow = (names: string[], env: NodeJS.ProcessEnv) => passwordEnvOf({ allowed: names, howToAllow: 'test' }, env);

  it('reads the named environment variable when it is allowed', () => {
    expect(resolvePassword({ passwordEnv: 'REDIS_PASSWORD' }, allow(['REDIS_PASSWORD'], { REDIS_PASSWORD: 'hunter2' }))).toBe('hunter2');
    expect(resolvePassword({ password: 'literal' })).toBe('literal');
    expect(resolvePassword({})).toBeUndefined();
  });

  it('refuses a variable outside the allow-list, and any variable by default, without reading it', () => {
    expect(() => resolvePassword({ passwordEnv: 'HOME' }, allow(['REDIS_PASSWORD'], { HOME: '/root', REDIS_PASSWORD: 'x' })))
      .toThrow(/passwordEnv HOME is not allowed: only REDIS_PASSWORD may be sent/);
    expect(() => resolvePassword({ passwordEnv: 'REDIS_PASSWORD' })).toThrow(/passwordEnv REDIS_PASSWORD is not allowed: no environment variable/);
  });

  it('fails clearly when the variable is unset or empty', () => {
    for (const env of [{}, { REDIS_PASSWORD: '' }]) {
      expect(() => resolvePassword({ passwordEnv: 'REDIS_PASSWORD' }, allow(['REDIS_PASSWORD'], env))).toThrow(/environment variable REDIS_PASSWORD, but it is not set/);
    }
  });
});

describe('naming targets without secrets', () => {
  it('redacts passwords in URLs and describes each kind', () => {
    expect(redactUrl('redis://app:hunter2@cache:6379/0')).toBe('redis://app:***@cache:6379/0');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(describeTarget(parseTarget('redis://:x@127.0.0.1:6390'))).toBe('127.0.0.1:6390');
    expect(describeTarget(parseTarget('unix:///tmp/r.sock'))).toBe('unix:/tmp/r.sock');
    expect(describeTarget(parseTarget('redis-sentinel://s1:1,s2:2/m'))).toBe("master 'm' via sentinels s1:1,s2:2");
    expect(describeTarget(parseTarget('cluster://n1:7000,n2:7001'))).toBe('cluster n1:7000,n2:7001');
  });
});
