import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyRedisError, connectTarget, startManagedRedis, type ManagedRedis } from '../redis';
import { LiveEngine } from './live-engine';
import { RespPipeline } from './resp-pipeline';
import { smallPlan } from './test-support';

let http: Server;
let httpPort = 0;
let redis: ManagedRedis;
let admin: Redis;

beforeAll(async () => {
  // A web server on the port: it answers the first command with `HTTP/1.1 400 Bad Request`.
  http = createServer((_request, response) => response.end('hello'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpPort = (http.address() as AddressInfo).port;
  redis = await startManagedRedis({ settings: { databases: 16 } });
  admin = new Redis({ host: redis.host, port: redis.port, lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  admin.disconnect();
  await redis.stop();
  await new Promise((resolve) => http.close(resolve));
});

describe('a port where something other than Redis answers', () => {
  const httpMessage = (): RegExp => new RegExp(`^127\\.0\\.0\\.1:${httpPort} answered with HTTP, not the Redis protocol`);

  it('is named an HTTP server by connectTarget (ioredis), not a TLS-only server', async () => {
    const error = await connectTarget(`redis://127.0.0.1:${httpPort}?reconnectDeadlineMs=0`).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable', message: expect.stringMatching(httpMessage()) });
    expect((error as Error).message).not.toMatch(/TLS/);
  });

  it('is named an HTTP server by the RESP pipeline', async () => {
    const error = await RespPipeline.connect({ host: '127.0.0.1', port: httpPort }, { onReply: () => undefined }).then(() => undefined, (e: unknown) => e);
    expect(classifyRedisError(error, { target: `127.0.0.1:${httpPort}`, phase: 'connect' }).message).toMatch(httpMessage());
  });

  it('ends a live run at once with that message', async () => {
    const result = await new LiveEngine({ target: { url: `redis://127.0.0.1:${httpPort}?reconnectDeadlineMs=0` } }).run(smallPlan());
    expect(result.error?.code).toBe('unreachable');
    expect(result.error?.message).toMatch(httpMessage());
    expect(result.requests).toBe(0);
  });
});

describe('a DB index beyond the server\'s `databases`', () => {
  it('is refused before any write, saying which DBs exist, instead of counting DB 0 as DB 99', async () => {
    // DB 0 holds a key: a run that fell back to DB 0 would call "DB 99" non-empty, or write there.
    await admin.set('precious', 'do not touch');
    const url = `${redis.url}/99`;
    const message = new RegExp(`^DB 99 does not exist on 127\\.0\\.0\\.1:${redis.port}: it has databases 16 \\(0–15\\)`);
    const connected = await connectTarget(url).then(() => undefined, (e: unknown) => e);
    expect(connected).toMatchObject({ code: 'config', message: expect.stringMatching(message) });

    const result = await new LiveEngine({ target: { url, allowNonEmpty: true } }).run(smallPlan({ duration: '1s' }));
    expect(result.error?.code).toBe('config');
    expect(result.error?.message).toMatch(message);
    expect(result.requests).toBe(0);
    expect(await admin.dbsize()).toBe(1);
    expect(await admin.get('precious')).toBe('do not touch');
    // The same through the target's db option.
    const viaOption = await new LiveEngine({ target: { url: redis.url, db: 99 } }).run(smallPlan({ duration: '1s' }));
    expect(viaOption.error?.message).toMatch(message);
  });
});
