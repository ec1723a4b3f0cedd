/**
 * The TypeScript module for ioredis, consumed for real: `tsc --strict` compiles it (TypeScript's
 * API, against ioredis's own types), then a Node process imports the compiled module and runs it
 * against a real redis-server started with the exported settings.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedRedis } from '../redis';
import { listChildProcesses, startManagedRedis, WATCHDOG_NAME } from '../redis';
import { exportDesign, exportFacts } from '../../export';
import { designFrom, FIXTURE_WITH_RATE_LIMITS, FIXTURE_WITHOUT_PUBSUB, FIXTURE_WITHOUT_RULES, FIXTURE_YAML, fixtureDesign } from '../../export/testing';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-ts-'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
let server: ManagedRedis;

beforeAll(async () => {
  const facts = exportFacts(fixtureDesign(), { environment: 'prod' });
  // client-output-buffer-limit takes several words, which the managed server's --name value form cannot carry.
  server = await startManagedRedis({ settings: Object.fromEntries(facts.conf.filter((s) => s.name !== 'client-output-buffer-limit').map((s) => [s.name, s.value])) });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  const left = listChildProcesses(process.pid).filter((row) => (row.args.includes('redis-server') || row.args.includes(WATCHDOG_NAME)) && row.state[0] !== 'Z');
  expect(left).toEqual([]);
});

/** tsc --strict (and then some) on the files, against ioredis's own types; the diagnostics as text. */
function compile(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], skipLibCheck: true,
    noUnusedLocals: true, noImplicitReturns: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

const DRIVER = `
import { Redis } from 'ioredis';
import * as cache from './cache.mjs';
const port = Number(process.argv[2]);
const connect = () => new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
const client = connect(), subscriber = connect(), events = connect();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (check) => { for (let i = 0; i < 100 && !check(); i++) await sleep(20); };
const out = {};
await client.flushdb();
out.keys = { product: cache.keys.products(42), room: cache.keys.roomMembers('r7'), profile: cache.keys.profiles(9), channel: cache.channels.roomEvents(7), alerts: cache.channels.alerts('eu') };

let loads = 0;
const load = async () => { loads++; return { id: 1, title: 'lamp' }; };
const first = await cache.getOrLoad(client, 'products', cache.keys.products(1), load);
const second = await cache.getOrLoad(client, 'products', cache.keys.products(1), load);
out.cacheAside = { loads, same: JSON.stringify(first) === JSON.stringify(second), pttl: await client.pttl(cache.keys.products(1)) };
const single = await Promise.all([1, 2, 3].map(() => cache.getOrLoad(client, 'products', cache.keys.products(2), async () => { loads++; await sleep(30); return 'x'; })));
out.singleFlight = { loads: loads - 1, values: single };
let orderLoads = 0;
for (let i = 0; i < 2; i++) await cache.getOrLoad(client, 'orders', cache.keys.orders(5), async () => ++orderLoads);
out.uncached = { loads: orderLoads, exists: await client.exists(cache.keys.orders(5)) };
let sessionLoads = 0;
for (let i = 0; i < 2; i++) await cache.getOrLoad(client, 'sessions', cache.keys.sessions(8), async () => ++sessionLoads);
out.noExpiry = { loads: sessionLoads, pttl: await client.pttl(cache.keys.sessions(8)), ttlMs: cache.TTL_MS.sessions, drawn: cache.ttlWithJitterMs('sessions') };
const jitters = Array.from({ length: 2000 }, () => cache.ttlWithJitterMs('geo'));
out.jitter = { min: Math.min(...jitters), max: Math.max(...jitters), ttlMs: cache.TTL_MS.geo, jitter: cache.TTL_JITTER.geo };

const seen = [];
const stopEvents = await cache.onInvalidated(events, (key, event) => seen.push(key + ' ' + event));
await client.set(cache.keys.products(5), 'v');
for (const page of [1, 2, 3]) await client.set(cache.keys.listings(page), 'page');
await client.set(cache.keys.products(6), 'other');
out.rules = cache.INVALIDATION_RULES;
out.deleteRule = await cache.invalidateProductsDelete(client, 5);
out.deletePattern = await cache.invalidateProductsDeletePattern(client);
out.afterDelete = { product5: await client.exists(cache.keys.products(5)), product6: await client.exists(cache.keys.products(6)), lists: (await client.keys('products:list:*')).length };
await cache.invalidateProfilesWriteThrough(client, 9, 'fresh');
out.writeThrough = { value: await client.get(cache.keys.profiles(9)), pttl: await client.pttl(cache.keys.profiles(9)) };
let persistedAfterMs = -1;
const started = Date.now();
const { persisted } = await cache.invalidateDraftsWriteBehind(client, 3, 'draft', async () => { persistedAfterMs = Date.now() - started; });
out.writeBehind = { valueNow: await client.get(cache.keys.drafts(3)), persistedYet: persistedAfterMs >= 0, pttl: await client.pttl(cache.keys.drafts(3)) };
await persisted;
out.writeBehind.persistedAfterMs = persistedAfterMs;
await client.set(cache.keys.geo(4), 'old');
out.ttlOnly = { returned: await cache.invalidateGeoTtlOnly(client), stillThere: await client.get(cache.keys.geo(4)) };
await client.set(cache.keys.sessions(9), 'old', 'PX', 60000);
await cache.invalidateSessionsWriteThrough(client, 9, 'fresh');
out.noExpiryWriteThrough = { value: await client.get(cache.keys.sessions(9)), pttl: await client.pttl(cache.keys.sessions(9)) };
await client.set(cache.keys.roomMembers('r7'), 'members');
out.roomDelete = await cache.invalidateRoomMembersDelete(client, 'r7');
await until(() => seen.some((s) => s.startsWith('room:{r7}:members')));
out.events = seen;
await stopEvents();

const got = [];
const unsubscribe = await cache.subscribe(subscriber, [cache.channels.roomEvents(7)], (channel, message) => got.push(channel + ' ' + message));
out.published = await cache.publish(client, cache.channels.roomEvents(7), 'hello');
await until(() => got.length > 0);
out.received = got;
out.sharded = cache.SHARDED_PUBSUB;
out.numsub = await client.call('PUBSUB', 'SHARDNUMSUB', cache.channels.roomEvents(7));
await unsubscribe();

await cache.appendToStream(client, cache.channels.alerts('eu'), 'evacuate');
const stream = [];
out.streamHandled = await cache.readStream(client, cache.channels.alerts('eu'), 'workers', 'w1', (id, message) => { stream.push(message); }, { blockMs: 100 });
out.stream = stream;
out.pending = (await client.xpending(cache.channels.alerts('eu'), 'workers'))[0];
console.log(JSON.stringify(out));
client.disconnect(); subscriber.disconnect(); events.disconnect();
`;

describe('TypeScript module for ioredis', () => {
  it('compiles with tsc in strict mode (plus noUncheckedIndexedAccess and exactOptionalPropertyTypes) for every variant of the design', () => {
    const variants = [
      FIXTURE_YAML, FIXTURE_WITHOUT_PUBSUB, FIXTURE_WITHOUT_RULES.replace('publish: sharded', 'publish: classic'),
      // No ttl: none anywhere: TTLs typed as plain numbers.
      FIXTURE_YAML.replace('prod: { ttl: none }', 'prod: { ttl: 1h }'),
      // Rate limiters: fixed window (first-request and aligned) and sliding log.
      FIXTURE_WITH_RATE_LIMITS,
    ];
    const files = variants.map((text, i) => {
      const file = join(dir, `variant-${i}.ts`);
      writeFileSync(file, exportDesign(designFrom(text), { environment: 'prod' }, ['ts']).files[0].text);
      return file;
    });
    expect(compile(files)).toEqual([]);
  });

  it('runs against a real redis-server: key builders, cache-aside TTLs, every invalidation rule, keyspace events, sharded pub/sub and streams', () => {
    const source = exportDesign(fixtureDesign(), { environment: 'prod' }, ['ts']).files[0].text;
    // The same source as variant 0 of the compile test above.
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'cache.mjs'), js);
    writeFileSync(join(dir, 'driver.mjs'), DRIVER);
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'driver.mjs'), String(server.port)], { cwd: dir, encoding: 'utf8', timeout: 20_000 }));

    expect(out.keys).toEqual({ product: 'products:42', room: 'room:{r7}:members', profile: 'user:9:profile', channel: 'room:{7}:events', alerts: 'alerts:eu' });
    expect(out.cacheAside.loads).toBe(1);
    expect(out.cacheAside.same).toBe(true);
    expect(out.cacheAside.pttl).toBeGreaterThan(300_000 * 0.9 - 1000);
    expect(out.cacheAside.pttl).toBeLessThanOrEqual(300_000 * 1.1);
    expect(out.singleFlight).toEqual({ loads: 1, values: ['x', 'x', 'x'] });
    expect(out.uncached).toEqual({ loads: 2, exists: 0 });
    // ttl: none: cached (one load), SET without PX (PTTL -1).
    expect(out.noExpiry).toEqual({ loads: 1, pttl: -1, ttlMs: null, drawn: null });
    expect(out.jitter.min).toBeGreaterThanOrEqual(90_000 * 0.8);
    expect(out.jitter.max).toBeLessThanOrEqual(90_000 * 1.2);
    expect(out.jitter.max - out.jitter.min).toBeGreaterThan(90_000 * 0.3);

    expect(out.rules.map((r: { action: string }) => r.action)).toEqual(['delete', 'delete-pattern', 'delete', 'write-through', 'write-behind', 'ttl-only', 'write-through']);
    expect(out.deleteRule).toBe(1);
    expect(out.deletePattern).toBe(3);
    expect(out.afterDelete).toEqual({ product5: 0, product6: 1, lists: 0 });
    expect(out.writeThrough.value).toBe('fresh');
    expect(out.writeThrough.pttl).toBeGreaterThan(900_000 * 0.95 - 1000);
    expect(out.writeThrough.pttl).toBeLessThanOrEqual(900_000 * 1.05);
    expect(out.writeBehind.valueNow).toBe('draft');
    expect(out.writeBehind.persistedYet).toBe(false);
    expect(out.writeBehind.pttl).toBeGreaterThan(599_000);
    expect(out.writeBehind.persistedAfterMs).toBeGreaterThanOrEqual(190);
    expect(out.ttlOnly).toEqual({ returned: 0, stillThere: 'old' });
    // A write-through SET without PX also clears the TTL the key had.
    expect(out.noExpiryWriteThrough).toEqual({ value: 'fresh', pttl: -1 });
    expect(out.roomDelete).toBe(1);
    expect(out.events).toEqual(expect.arrayContaining(['products:5 del', 'products:list:1 del', 'user:9:profile set', 'room:{r7}:members del']));

    expect(out.sharded).toBe(true);
    expect(out.published).toBe(1);
    expect(out.received).toEqual(['room:{7}:events hello']);
    expect(out.numsub).toEqual(['room:{7}:events', 1]);
    expect(out.streamHandled).toBe(1);
    expect(out.stream).toEqual(['evacuate']);
    expect(out.pending).toBe(0);
  });
});
