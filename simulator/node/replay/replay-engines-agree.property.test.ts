/**
 * The live recorded replay and the simulated one run the same RecordedClient and cache-aside
 * client: over a fake Redis backed by the simulator's keyspace (../live/fake-pipe.ts), whose
 * replies come after random delays and in random batches (in order: one connection), the live
 * replay counts exactly what the simulated replay counts, with and without cache-aside fills —
 * for random recordings of GET, GETEX, SET (PX, KEEPTTL, none), DEL, PEXPIRE, PERSIST and
 * FLUSHDB/FLUSHALL over two DBs, with TTLs, eviction and OOM refusals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCache } from '../../cache';
import { loadDesign } from '../../model';
import { compilePlan, RecordedKeyLayout, RecordedModelPort, recordedPlan, RecordedRun } from '../../run';
import type { RunResult } from '../../run';
import { KeyRecords } from '../../run/key-records';
import { cacheConfigOf } from '../../run/plan';
import { ALL_DBS, OP_DELETE, OP_EXPIRE, OP_FLUSH, OP_READ, OP_WRITE, RecordBatch, RecordedKeys, TTL_KEEP } from '../../trace';
import { Rng } from '../../traffic';
import { FakeRedis } from '../live/fake-pipe';
import { LiveRecordedReplay } from './live-replay';
import type { ReplayConnection } from './live-replay';

interface Shape {
  ttl: string;
  jitter: number;
  maxmemory: string;
  policy: string;
  origin: string;
  maxConcurrency: number;
  singleFlight: boolean;
  seed: number;
}

function designYaml(s: Shape): string {
  return `version: 1
name: recorded engines agree
namespaces:
  - { name: users, pattern: "user:{id}", cardinality: 40, valueSize: { dist: lognormal, p50: 300b, p99: 2kb }, dataClass: c }
  - { name: sessions, pattern: "session:{id}", cardinality: 20, valueSize: 1kb, dataClass: s }
  - { name: raw, pattern: "raw:{id}", cardinality: 10, valueSize: 100b, dataClass: none }
ttlMatrix:
  c: { dev: { ttl: ${s.ttl}, jitter: ${s.ttl === 'none' ? 0 : s.jitter}% }, staging: { ttl: 1m }, prod: { ttl: 1m } }
  s: { dev: { ttl: none }, staging: { ttl: 1m }, prod: { ttl: 1m } }
  none: { dev: { ttl: 0s }, staging: { ttl: 0s }, prod: { ttl: 0s } }
server: { maxmemory: ${s.maxmemory}, maxmemoryPolicy: ${s.policy} }
origin: { latency: ${s.origin}, maxConcurrency: ${s.maxConcurrency} }
client: { rtt: 300us, singleFlight: ${s.singleFlight} }
traffic:
  seed: ${s.seed}
  phases: [{ shape: steady, rate: 100/s, duration: 1s }]
  operations: [{ namespace: users, op: read, weight: 1 }]
`;
}

const shapes: fc.Arbitrary<Shape> = fc.record({
  ttl: fc.constantFrom('50ms', '300ms', '5s', 'none'),
  jitter: fc.constantFrom(0, 20),
  maxmemory: fc.constantFrom('0b', '1200kb', '1230kb', '1260kb'),
  policy: fc.constantFrom('allkeys-lru', 'volatile-lru', 'volatile-ttl', 'allkeys-lfu', 'noeviction'),
  origin: fc.constantFrom('2ms', '{ dist: normal, mean: 8ms, stddev: 4ms }', '{ dist: lognormal, p50: 5ms, p99: 40ms }'),
  maxConcurrency: fc.constantFrom(2, 100),
  singleFlight: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
});

/** One recorded command: [gap µs, kind, key, db, value size, ttl ms]. */
type Line = [number, number, number, number, number, number];
const KINDS = 9;
const lines = fc.array(fc.tuple(
  fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 70 }),
  fc.constantFrom(0, 0, 0, 1), fc.integer({ min: -1, max: 3000 }), fc.integer({ min: 0, max: 800 }),
) as fc.Arbitrary<Line>, { minLength: 300, maxLength: 2500, size: 'max' });

function keyName(n: number): string {
  if (n < 35) return `user:${n}`;
  if (n < 55) return `session:${n}`;
  if (n < 65) return `raw:${n}`;
  return `other:${n}`;
}

/** The records of `lines` (kinds by weight: reads most, a FLUSH rarely). */
function recording(input: Line[]): { keys: RecordedKeys; batch: RecordBatch } {
  const keys = new RecordedKeys();
  const batch = new RecordBatch();
  let t = 1_700_000_000_000_000;
  for (const [gap, roll, key, db, size, ttl] of input) {
    t += gap;
    const id = keys.internString(db, keyName(key));
    const kind = roll < 50 ? 0 : roll < 58 ? 1 : roll < 70 ? 2 : roll < 76 ? 3 : roll < 82 ? 4 : roll < 88 ? 5 : roll < 92 ? 6 : roll < 98 ? 7 : 8;
    switch (kind % KINDS) {
      case 0: batch.push(t, OP_READ, 0, id, size > 2000 ? size : -1, TTL_KEEP, db, 0); break;
      case 1: batch.push(t, OP_READ, 0, id, -1, ttl, db, 0); break; // GETEX PX
      case 2: batch.push(t, OP_WRITE, 0, id, size, 1 + ttl, db, 0); break; // SET … PX
      case 3: batch.push(t, OP_WRITE, 0, id, size, TTL_KEEP, db, 0); break; // SET … KEEPTTL
      case 4: batch.push(t, OP_WRITE, 0, id, size, 0, db, 0); break; // SET without TTL
      case 5: batch.push(t, OP_DELETE, 0, id, -1, 0, db, 0); break;
      case 6: batch.push(t, OP_EXPIRE, 0, id, -1, 1 + ttl, db, 0); break; // PEXPIRE
      case 7: batch.push(t, OP_EXPIRE, 0, id, -1, 0, db, 0); break; // PERSIST
      default: batch.push(t, OP_FLUSH, 0, -1, -1, 0, roll === 99 ? ALL_DBS : db, 0); break;
    }
  }
  return { keys, batch };
}

/** What both engines must count alike. */
function counters(result: RunResult): Record<string, unknown> {
  return {
    requests: result.requests,
    hits: result.cache.hits,
    misses: result.cache.misses,
    sets: result.cache.sets,
    deletes: result.cache.deletes,
    oomRejections: result.cache.oomRejections,
    origin: { queries: result.origin.queries, duplicateLoads: result.origin.duplicateLoads, peak: result.origin.peakConcurrency, queuedMs: result.origin.queuedMs },
    network: [result.network.bytesToRedis, result.network.bytesFromRedis],
    namespaces: result.namespaces.map((ns) => [ns.name, ns.hits, ns.misses, ns.oomRejections, ns.writes, ns.originQueries]),
  };
}

async function expectAgreement(shape: Shape, input: Line[], cacheAside: boolean, delaySeed: number): Promise<void> {
  const loaded = loadDesign(designYaml(shape));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const { keys, batch } = recording(input);
  const summary = { records: batch.count, firstUs: batch.timeUs[0], lastUs: batch.timeUs[batch.count - 1] };
  const base = compilePlan(loaded.design, { environment: 'dev' });
  const layout = new RecordedKeyLayout(keys, base.namespaces);
  const plan = recordedPlan(base, layout, summary);

  const sim = new RecordedRun(plan, layout, summary, { cacheAside });
  sim.feed(batch, batch.count);
  sim.finish();
  const simulated = sim.result(false);

  const cache = createCache(cacheConfigOf(plan, new KeyRecords(layout).table), new Rng(plan.seed).fork('redis'));
  const fake = new FakeRedis(cache, layout, new Rng(delaySeed), 3, { model: new RecordedModelPort(cache, layout) });
  const started = performance.now();
  const clock = (): number => performance.now() - started;
  const connection: ReplayConnection = {
    open: (listener) => Promise.resolve(fake.pipe(listener, clock)),
    info: () => Promise.resolve(fake.info()),
    describe: 'the fake Redis', departures: [], warnings: [], close: () => Promise.resolve(),
  };
  const live = await LiveRecordedReplay.over(connection, plan, layout, keys, summary, { speed: Number.POSITIVE_INFINITY, cacheAside, clock });
  await live.feed(batch, batch.count);
  const result = await live.finish(false);
  expect(result.engine).toBe('live');
  expect(counters(result)).toEqual(counters(simulated));
  // The fake server's keyspace ends where the simulator's does.
  expect([cache.stats.keys, cache.stats.evicted]).toEqual([simulated.cache.keys, simulated.cache.evictedKeys]);
}

describe('the live recorded replay over a fake Redis counts what the simulated replay counts', () => {
  it('as recorded (no fills), random reply delays', async () => {
    await fc.assert(fc.asyncProperty(shapes, lines, fc.integer({ min: 0, max: 1e6 }), async (shape, input, delaySeed) => {
      await expectAgreement(shape, input, false, delaySeed);
    }), { numRuns: 25, endOnFailure: true });
  }, 240_000);

  it('with cache-aside fills (origin delay, single-flight, TTL jitter), random reply delays', async () => {
    await fc.assert(fc.asyncProperty(shapes, lines, fc.integer({ min: 0, max: 1e6 }), async (shape, input, delaySeed) => {
      await expectAgreement(shape, input, true, delaySeed);
    }), { numRuns: 25, endOnFailure: true });
  }, 240_000);
});
