/**
 * The limiter key shapes of simulator/ratelimit/key-memory.ts against MEMORY USAGE of Debian's
 * redis-server 7.0.15: each key is written as its algorithm's commands write it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPOCH_MS, memoryUsageBytes } from '../../ratelimit/key-memory';
import type { KeyContents } from '../../ratelimit/key-memory';
import { startManagedRedis, type ManagedRedis } from '../redis';

let server: ManagedRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startManagedRedis({ settings: { maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru' } });
  redis = new Redis({ host: server.host, port: server.port });
}, 30_000);

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const NONE: Omit<KeyContents, 'algorithm'> = { count: 0, previous: 0, periodMs: 60_000, microTokens: 0, entries: 0, newestSeq: 0 };

async function usage(key: string): Promise<number> {
  return Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
}

describe('limiter keys cost what MEMORY USAGE reports', () => {
  it('fixed window: an INCR counter', async () => {
    for (const count of [1, 100, 20_000]) {
      const key = `rate_limit:${count}`;
      await redis.set(key, count - 1);
      await redis.incr(key);
      await redis.expire(key, 60);
      expect(memoryUsageBytes(key.length, { ...NONE, algorithm: 'fixed-window', count })).toBe(await usage(key));
    }
  });

  it('GCRA: the theoretical arrival time set with PX', async () => {
    await redis.set('gcra:42', String(EPOCH_MS + 600), 'PX', 600);
    expect(memoryUsageBytes('gcra:42'.length, { ...NONE, algorithm: 'gcra' })).toBe(await usage('gcra:42'));
  });

  it('token bucket: a hash of micro-tokens and the last refill time', async () => {
    for (const microTokens of [250_000, 57_500_000, 99_000_000]) {
      const key = `bucket:${microTokens}`;
      await redis.hset(key, 'tokens', String(microTokens), 'ts', String(EPOCH_MS));
      expect(memoryUsageBytes(key.length, { ...NONE, algorithm: 'token-bucket', microTokens })).toBe(await usage(key));
    }
  });

  it('sliding counter: a hash of the current and previous windows\' counts', async () => {
    const periodMs = 60_000;
    const window = Math.floor(EPOCH_MS / periodMs);
    for (const [previous, count] of [[0, 1], [100, 57], [3000, 200]]) {
      const key = `counter:${previous}:${count}`;
      if (previous > 0) await redis.hset(key, String(window - 1), String(previous));
      await redis.hincrby(key, String(window), count);
      expect(memoryUsageBytes(key.length, { ...NONE, algorithm: 'sliding-counter', periodMs, count, previous })).toBe(await usage(key));
    }
  });

  it('sliding log: a listpack sorted set exactly, a skiplist (random node heights) within 10 %', async () => {
    for (const [entries, newestSeq] of [[1, 1], [10, 10], [100, 100], [128, 950], [129, 129], [400, 1200]]) {
      const key = `log:${entries}:${newestSeq}`;
      const args: string[] = [];
      for (let seq = newestSeq - entries + 1; seq <= newestSeq; seq++) args.push(String(EPOCH_MS + seq * 7), `${EPOCH_MS + seq * 7}-${seq}`);
      await redis.zadd(key, ...args);
      const modelled = memoryUsageBytes(key.length, { ...NONE, algorithm: 'sliding-log', entries, newestSeq });
      const measured = await usage(key);
      if (entries <= 128) expect(modelled).toBe(measured);
      else expect(Math.abs(modelled - measured) / measured, `${entries} entries: ${modelled} vs ${measured}`).toBeLessThan(0.1);
    }
  });
});
