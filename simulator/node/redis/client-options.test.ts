import { describe, expect, it } from 'vitest';
import { backoffDelayMs, buildClusterOptions, buildRedisOptions, createRetryStrategy } from './client-options';
import { LIVE_DEADLINES } from './deadline';
import { parseTarget } from './target';

describe('reconnection backoff', () => {
  it('doubles from 50 ms up to a 2 s cap, with jitter in the upper half of each step', () => {
    const low = (attempt: number): number => backoffDelayMs(attempt, {}, () => 0);
    const high = (attempt: number): number => backoffDelayMs(attempt, {}, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
    expect([1, 2, 3].map(low)).toEqual([25, 50, 100]);
    expect(high(40)).toBe(2000);
    expect(low(40)).toBe(1000);
  });

  it('gives up once an outage lasts longer than the deadline, and starts afresh after a success', () => {
    let clock = 0;
    const strategy = createRetryStrategy({ deadlineMs: 3000, random: () => 1, now: () => clock });
    expect(strategy(1)).toBe(50);
    clock = 2500;
    expect(strategy(7)).toBe(500); // never sleeps past the deadline
    clock = 3000;
    expect(strategy(8)).toBeNull();
    clock = 10_000;
    expect(strategy(1)).toBe(50); // times restarts at 1 after a successful reconnection
  });

  it('never retries with a zero deadline', () => {
    expect(createRetryStrategy({ deadlineMs: 0 })(1)).toBeNull();
  });
});

describe('data connection options', () => {
  it('bound every command: the URL commandTimeoutMs, else the caller one, else the live default', () => {
    const standalone = (url: string) => {
      const target = parseTarget(url);
      if (target.kind === 'cluster') throw new Error('not standalone');
      return target;
    };
    expect(buildRedisOptions(standalone('redis://h:1/0'), {}).commandTimeout).toBe(LIVE_DEADLINES.commandMs);
    expect(buildRedisOptions(standalone('redis://h:1/0'), {}, { commandTimeoutMs: 900 }).commandTimeout).toBe(900);
    expect(buildRedisOptions(standalone('redis://h:1/0?commandTimeoutMs=700'), {}, { commandTimeoutMs: 900 }).commandTimeout).toBe(700);
    const cluster = parseTarget('cluster://h:1,h:2');
    expect(cluster.kind === 'cluster' && buildClusterOptions(cluster, {}).redisOptions?.commandTimeout).toBe(LIVE_DEADLINES.commandMs);
  });

  it('queue nothing while disconnected and never resend commands after a reconnection', () => {
    const options = buildRedisOptions(parseTarget('redis://127.0.0.1:6390/3') as Exclude<ReturnType<typeof parseTarget>, { kind: 'cluster' }>, { password: 'pw' });
    expect(options).toMatchObject({
      host: '127.0.0.1', port: 6390, db: 3, password: 'pw', lazyConnect: true,
      enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, connectTimeout: 5000,
    });
    expect(typeof options.retryStrategy).toBe('function');
  });

  it('bound sentinel master resolution like any other reconnection', () => {
    const target = parseTarget('redis-sentinel://s1:26379/mymaster?reconnectDeadlineMs=0');
    if (target.kind !== 'sentinel') throw new Error('expected a sentinel target');
    const options = buildRedisOptions(target, {});
    expect(options).toMatchObject({ name: 'mymaster', sentinels: [{ host: 's1', port: 26379 }] });
    expect(options.sentinelRetryStrategy?.(1)).toBeNull();
  });

  it('put the key prefix on the cluster only, never on its nodes too', () => {
    const target = parseTarget('cluster://127.0.0.1:7000');
    if (target.kind !== 'cluster') throw new Error('expected a cluster target');
    const options = buildClusterOptions(target, {}, { keyPrefix: 'kw:run1:' });
    expect(options.keyPrefix).toBe('kw:run1:');
    expect(options.redisOptions?.keyPrefix).toBeUndefined();
    expect(options).toMatchObject({ enableOfflineQueue: false, lazyConnect: true, shardedSubscribers: false });
    expect(options.redisOptions).toMatchObject({ maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
  });
});
