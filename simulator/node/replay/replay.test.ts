import { mkdtempSync, readFileSync, rmSync, writeFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import type { Design } from '../../model';
import { formatMonitorLine } from '../../trace';
import { captureSimulatedTraffic } from '../trace';
import { replayFile } from './replay-file';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function design(yaml: string): Design {
  const loaded = loadDesign(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.design;
}

const SMALL = design(`
version: 1
name: small
namespaces:
  - { name: users, pattern: "user:{id}", cardinality: 10, valueSize: 100b, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
traffic:
  phases: [{ shape: steady, rate: 10/s, duration: 10s }]
  operations: [{ namespace: users, op: read, weight: 1 }]
`);

const T0 = 1_700_000_000_000_000;
const at = (ms: number, ...args: string[]): string => formatMonitorLine(T0 + ms * 1000, 0, '127.0.0.1:4000', args);

describe('keyspace replay on the simulator', () => {
  const file = join(dir, 'small.monitor');
  writeFileSync(file, [
    'OK',
    at(0, 'SET', 'user:1', 'v', 'PX', '1000'),
    at(500, 'GET', 'user:1'), // hit
    at(2000, 'GET', 'user:1'), // expired: miss
    at(2100, 'GET', 'user:2'), // miss (loads nothing as recorded)
    at(2200, 'GET', 'user:2'), // miss again; a hit under --cache-aside
    at(2300, 'SET', 'session:9', 'x'.repeat(40)),
    at(2400, 'EXPIRE', 'session:9', '1'),
    at(5000, 'EXISTS', 'session:9'), // expired: miss
    at(5100, 'SET', 'user:3', 'abc'),
    at(5200, 'DEL', 'user:3'),
    at(5300, 'GET', 'user:3'), // miss
  ].join('\n'));

  it('applies recorded commands as they were: a GET that misses loads nothing', async () => {
    const { result, format } = await replayFile(file, { design: SMALL });
    expect(format).toBe('monitor');
    expect(result.cache).toMatchObject({ hits: 1, misses: 5, sets: 4, deletes: 1 });
    expect(result.requests).toBe(11);
    expect(result.origin.queries).toBe(0);
    expect(result.namespaces.map((ns) => [ns.name, ns.hits, ns.misses])).toEqual([['users', 1, 4], ['(unmatched)', 0, 1]]);
    expect(result.durationMs).toBe(5300);
  });

  it('turns a GET miss into an origin load and a SET with --cache-aside', async () => {
    const { result } = await replayFile(file, { design: SMALL, cacheAside: true });
    expect(result.cache.hits).toBe(2);
    expect(result.origin.queries).toBe(4);
  });

  it('gives the simulator the same result at any speed (virtual time)', async () => {
    const one = await replayFile(file, { design: SMALL, speed: 1 });
    const max = await replayFile(file, { design: SMALL, speed: Number.POSITIVE_INFINITY });
    expect(JSON.stringify(max.result)).toBe(JSON.stringify(one.result));
  });

  it('reproduces the original run when it replays a capture of a preset under the preset', async () => {
    const preset = design(readFileSync('presets/eviction-shootout.yaml', 'utf8'));
    const capture = join(dir, 'shootout.jsonl');
    const fd = openSync(capture, 'w');
    const original = captureSimulatedTraffic(preset, { requests: 100_000, write: (text) => writeSync(fd, text) });
    closeSync(fd);
    const { result } = await replayFile(capture, { design: preset });
    // The same commands at the same times; only the eviction sampling differs (key ids are
    // numbered in order of appearance, so the model's buckets differ): a hair apart, not exact.
    expect(result.cache.hits + result.cache.misses).toBe(original.cache.hits + original.cache.misses);
    expect(Math.abs(result.cache.hitRatio - original.cache.hitRatio)).toBeLessThan(0.002);
    expect(Math.abs(result.cache.evictedKeys - original.cache.evictedKeys)).toBeLessThan(original.cache.evictedKeys * 0.05 + 5);
  });
});

describe('keyspace replay on a managed redis-server (--engine live)', () => {
  const noEviction = design(readFileSync('presets/eviction-shootout.yaml', 'utf8').replace('maxmemory: 40mb', 'maxmemory: 0b'));
  const capture = join(dir, 'live.jsonl');

  it('counts the same hits and misses as the simulator when nothing is evicted', async () => {
    const fd = openSync(capture, 'w');
    captureSimulatedTraffic(noEviction, { requests: 20_000, write: (text) => writeSync(fd, text) });
    closeSync(fd);
    const sim = await replayFile(capture, { design: noEviction });
    const live = await replayFile(capture, { design: noEviction, engine: 'live', speed: Number.POSITIVE_INFINITY });
    expect(live.result.engine).toBe('live');
    expect(live.result.cache.hits).toBe(sim.result.cache.hits);
    expect(live.result.cache.misses).toBe(sim.result.cache.misses);
    expect(live.result.cache.keys).toBe(sim.result.cache.keys);
    expect(live.result.warnings.filter((w) => /INFO counts/.test(w))).toEqual([]);
  });

  it('fills misses under --cache-aside for ttl: none (then hits); a namespace that is not cached (ttl: 0s) reads the origin', async () => {
    const file = join(dir, 'fills.jsonl');
    // Ten keys read once, then three more times each half a second later (the fills have landed by then).
    writeFileSync(file, Array.from({ length: 40 }, (_, i) => JSON.stringify({ ts: Math.floor(i / 10) * 0.5 + (i % 10) * 0.01, cmd: 'GET', key: `user:${i % 10}` })).join('\n'));
    const withTtl = (ttl: string) => design(`
version: 1
name: fills
namespaces:
  - { name: users, pattern: "user:{id}", cardinality: 10, valueSize: 100b, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: ${ttl} }, staging: { ttl: ${ttl} }, prod: { ttl: ${ttl} } }
traffic:
  phases: [{ shape: steady, rate: 10/s, duration: 10s }]
  operations: [{ namespace: users, op: read, weight: 1 }]
`);
    // At 1x the fills have 500 ms to land before the next reads (100 ms at 5x was too tight under load).
    const none = await replayFile(file, { design: withTtl('none'), engine: 'live', cacheAside: true, speed: 1 });
    expect(none.result.namespaces[0].ttlMs).toBeNull();
    expect(none.result.cache).toMatchObject({ sets: 10, hits: 30, misses: 10 });
    // A namespace that is not cached is read from the origin, as the simulator does: no GET, no SET.
    const uncached = await replayFile(file, { design: withTtl('0s'), engine: 'live', cacheAside: true, speed: 1 });
    expect(uncached.result.cache).toMatchObject({ sets: 0, hits: 0, misses: 0 });
    expect(uncached.result.origin.queries).toBe(40);
    const simulated = await replayFile(file, { design: withTtl('0s'), cacheAside: true });
    expect([simulated.result.cache.sets, simulated.result.cache.hits, simulated.result.cache.misses, simulated.result.origin.queries]).toEqual([0, 0, 0, 40]);
  });

  it('paces the recorded timing divided by the speed', async () => {
    const file = join(dir, 'paced.jsonl');
    writeFileSync(file, Array.from({ length: 21 }, (_, i) => JSON.stringify({ ts: i * 0.1, cmd: i % 2 ? 'GET' : 'SET', key: `user:${i >> 1}`, valueSize: 10 })).join('\n'));
    const started = performance.now();
    const { result } = await replayFile(file, { design: SMALL, engine: 'live', speed: 4 });
    const elapsed = performance.now() - started;
    // 2 s of recorded time at 4x: about 0.5 s on the wall clock.
    expect(result.durationMs).toBeGreaterThan(450);
    expect(elapsed).toBeLessThan(10_000);
    expect(result.cache.hits).toBe(10);
  });
});
