/**
 * The live engine and the simulated engine run the same cache-aside client: over a fake Redis
 * backed by the simulator's keyspace (fake-pipe.ts), whose replies come after random delays and in
 * random batches (in order on the data connection; pattern deletes interleave from the control
 * connection), the live engine in order 'plan' counts exactly what the simulator counts — for
 * generated traffic, every write strategy (write-behind included) and traces.
 *
 * In order 'key' (the default, faster) each key's commands reach the server in the simulator's
 * order, but a read of one key overtakes a held read of another, so the server sees commands out
 * of plan-time order. What follows from each key's own order is exact (hits, misses, loads, stale
 * reads, origin queries), and only that, because three things depend on the order across keys:
 * - active expiry: the server's cron runs when a command's time passes its next run, so an
 *   overtaking read moves it on and may expire a key before a held read the simulator served in
 *   time (hits and misses differ once TTLs run out: 5 of 15 random TTL designs without jitter);
 * - eviction: the server ranks keys of all namespaces by their access clocks and samples them
 *   from its own random stream, in the order commands arrive (2 of 15 designs at 1200 kb);
 * - random draws shared by all keys: value sizes (bytes) and TTL jitter (expiries; 10 of 15
 *   designs with 20 % jitter) are drawn in the order SETs go out, which parked SETs change.
 * So order 'key' is checked without TTLs and memory pressure, and without bytes; 'plan' is exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCache } from '../../cache';
import { loadDesign } from '../../model';
import { compilePlan, NamespaceKeys, NULL_SINK, SimRun, TraceKeys, TraceSource, tracePlan, traceRatePerSec } from '../../run';
import type { KeyLayout, RequestSource, RunPlan, RunResult } from '../../run';
import { cacheConfigOf } from '../../run/plan';
import { KeyRecords } from '../../run/key-records';
import { KeyInterner } from '../../trace';
import { Rng } from '../../traffic';
import { FakeRedis } from './fake-pipe';
import { KeyCodec } from './keys';
import { LiveTraffic } from './live-traffic';
import type { LiveRunContext, LiveRunResult } from './live-types';
import type { SendOrder } from './sequencer';
import { ValueSource } from './values';

interface Shape {
  keys: number;
  rate: number;
  writes: number;
  invalidates: number;
  ttl: string;
  jitter: number;
  origin: string;
  maxConcurrency: number;
  singleFlight: boolean;
  maxmemory: string;
  policy: string;
  rules: string[];
  seed: number;
}

const RULES = [
  '  - { on: items, action: delete }',
  '  - { on: items, action: delete, delay: 3ms }',
  '  - { on: items, action: delete-pattern, target: "list:*" }',
  '  - { on: items, action: write-through }',
  '  - { on: items, action: ttl-only, target: "list:*" }',
  '  - { on: items, action: write-behind }',
  '  - { on: items, action: write-behind, delay: 6ms }',
];

function designYaml(s: Shape): string {
  const ops = [
    `    - { namespace: items, op: read, weight: ${100 - s.writes - s.invalidates} }`,
    s.writes > 0 ? `    - { namespace: items, op: write, weight: ${s.writes} }` : '',
    s.invalidates > 0 ? `    - { namespace: items, op: invalidate, weight: ${s.invalidates} }` : '',
    '    - { namespace: lists, op: read, weight: 10 }',
    '    - { namespace: raw, op: read, weight: 2 }',
  ].filter((line) => line !== '');
  return `version: 1
name: engines agree
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: ${s.keys}, valueSize: { dist: lognormal, p50: 500b, p99: 3kb }, skew: { dist: zipf, alpha: 0.9 }, dataClass: c }
  - { name: lists, pattern: "list:{page}", cardinality: 20, valueSize: 1kb, dataClass: c }
  - { name: raw, pattern: "raw:{id}", cardinality: 50, valueSize: 100b, dataClass: none }
ttlMatrix:
  c: { dev: { ttl: ${s.ttl}, jitter: ${s.jitter}% }, staging: { ttl: 1m }, prod: { ttl: 1m } }
  none: { dev: { ttl: 0s }, staging: { ttl: 0s }, prod: { ttl: 0s } }
invalidation:
${s.rules.length > 0 ? s.rules.join('\n') : '  []'}
server: { maxmemory: ${s.maxmemory}, maxmemoryPolicy: ${s.policy} }
origin: { latency: ${s.origin}, maxConcurrency: ${s.maxConcurrency} }
client: { rtt: 300us, singleFlight: ${s.singleFlight} }
traffic:
  seed: ${s.seed}
  phases:
    - { shape: steady, rate: ${s.rate}/s, duration: 1s }
  operations:
${ops.join('\n')}
`;
}

function planOf(shape: Shape): RunPlan {
  const loaded = loadDesign(designYaml(shape));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
}

const shapes = (withTtlAndMemory: boolean): fc.Arbitrary<Shape> => fc.record({
  keys: fc.integer({ min: 20, max: 400 }),
  rate: fc.integer({ min: 200, max: 1200 }),
  writes: fc.constantFrom(0, 2, 10),
  invalidates: fc.constantFrom(0, 3),
  ttl: withTtlAndMemory ? fc.constantFrom('50ms', '200ms', '5s') : fc.constant('none'),
  jitter: withTtlAndMemory ? fc.constantFrom(0, 20) : fc.constant(0),
  origin: fc.constantFrom('2ms', '{ dist: normal, mean: 8ms, stddev: 4ms }', '{ dist: lognormal, p50: 5ms, p99: 40ms }'),
  maxConcurrency: fc.constantFrom(3, 100),
  singleFlight: fc.boolean(),
  maxmemory: withTtlAndMemory ? fc.constantFrom('0b', '1200kb') : fc.constant('0b'),
  policy: fc.constantFrom('allkeys-lru', 'volatile-lru', 'allkeys-lfu'),
  rules: fc.subarray(RULES, { maxLength: 3 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

/** The live engine over a fake Redis; the plan's time runs `fast` times faster than the wall clock. */
async function liveOnFake(plan: RunPlan, order: SendOrder, delaySeed: number, layout?: KeyLayout, source?: RequestSource,
  getErrorRate = 0): Promise<{ result: LiveRunResult; server: FakeRedis }> {
  const keys = layout ?? new NamespaceKeys(plan.namespaces);
  const records = new KeyRecords(keys);
  const server = new FakeRedis(createCache(cacheConfigOf(plan, records.table), new Rng(plan.seed).fork('redis')), keys, new Rng(delaySeed), 3, { getErrorRate });
  const fast = 200;
  const started = performance.now();
  const clock = (): number => (performance.now() - started) * fast;
  const signal = { aborted: false };
  const relay = { to: undefined as LiveTraffic | undefined, onReply(...args: Parameters<LiveTraffic['onReply']>) { this.to?.onReply(...args); } };
  const pipe = server.pipe(relay, clock);
  const ctx: LiveRunContext = {
    plan, keys: new KeyCodec('', plan.namespaces.map((ns) => ns.pattern)), values: new ValueSource(plan.seed), pipe,
    reconnect: () => Promise.reject(new Error('the fake connection does not drop')),
    sampleInfo: () => Promise.resolve(server.info()),
    deleteNamespace: (ns, atMs) => server.deleteNamespace(ns, atMs),
    serverGone: () => null, describe: 'the fake Redis', clock, speed: 1, pipelineDepth: 1 + (delaySeed % 64),
    commandTimeoutMs: 1e12, reconnectDeadlineMs: 1000, sink: NULL_SINK, signal, firstInfo: server.info(), order, tailMs: Infinity,
  };
  const run = new LiveTraffic(ctx, source, keys);
  relay.to = run;
  await Promise.race([run.run(), stallGuard(run, pipe, () => { signal.aborted = true; })]);
  await run.finalSample(1000);
  return { result: run.result({ target: 'fake', managed: true, serverVersion: 'fake', prefix: '', db: 0, pipeline: 'resp', configChanged: [], configRestored: true, keysDeleted: 0, foreignKeysEvicted: 0, speed: 1 }, []), server };
}

/** How long (wall ms) a run may go without a command sent or answered before it is called stuck. */
const STALL_MS = 3000;

/**
 * Rejects, with what the engine waits on, and cancels the run when it sends and receives nothing
 * for STALL_MS (a stall would otherwise spin until the test's timeout); stops with the run.
 */
function stallGuard(run: LiveTraffic, pipe: { inFlight: number; bytesWritten: number }, abort: () => void): Promise<never> {
  // The engine's state, read through its privates: a test diagnostic only.
  const peek = run as unknown as { finishing: boolean; port: { commands: number; deleting: number }; client: { requests: number; events: { size: number; peekTime(): number; topKind(): number; topA(): number } };
    sequencer: { have: boolean; source: { timeMs: number }; parked: Map<number, number[]>; ring: { sentTotal: number; heldTotal: number; anyReady: boolean; oldestMs: number } } };
  const state = (): string => {
    const { sequencer: q, client: c, port } = peek;
    return JSON.stringify({
      now: run.now(), have: q.have, nextRequestMs: q.source.timeMs, requests: c.requests, commands: port.commands, inFlight: pipe.inFlight,
      deleting: port.deleting, events: c.events.size, nextEventMs: c.events.peekTime(), nextEventKind: c.events.topKind(), nextEventKey: c.events.topA(),
      sent: q.ring.sentTotal, held: q.ring.heldTotal, anyReady: q.ring.anyReady, oldestReadMs: q.ring.oldestMs, parked: [...q.parked.entries()],
    });
  };
  return new Promise((_resolve, reject) => {
    let last = '';
    let since = performance.now();
    const timer = setInterval(() => {
      if (peek.finishing) return clearInterval(timer);
      const mark = `${peek.port.commands} ${peek.client.requests} ${pipe.inFlight} ${pipe.bytesWritten}`;
      if (mark !== last) {
        last = mark;
        since = performance.now();
      } else if (performance.now() - since > STALL_MS) {
        clearInterval(timer);
        abort();
        reject(new Error(`the live run made no progress for ${STALL_MS} ms: ${state()}`));
      }
    }, 100);
  });
}

/** What both engines must count alike; `perKey`: only what follows from each key's own order (order 'key'). */
function counters(result: RunResult, perKey = false): Record<string, unknown> {
  const all = {
    requests: result.requests,
    hits: result.cache.hits,
    misses: result.cache.misses,
    sets: result.cache.sets,
    deletes: result.cache.deletes,
    staleReads: result.cache.staleReads,
    oomRejections: result.cache.oomRejections,
    origin: { queries: result.origin.queries, duplicateLoads: result.origin.duplicateLoads, peak: result.origin.peakConcurrency, queuedMs: result.origin.queuedMs },
    network: [result.network.bytesToRedis, result.network.bytesFromRedis],
    namespaces: result.namespaces.map((ns) => [ns.name, ns.hits, ns.misses, ns.staleReads, ns.oomRejections, ns.writes, ns.originQueries]),
  };
  // Value sizes are drawn as loads land: in order 'key' a load's SET may wait for reads of its key
  // while later ones land, so sizes (bytes) may go to other keys; hits, loads and versions may not.
  if (perKey) delete (all as Partial<typeof all>).network;
  return all;
}

function simulated(plan: RunPlan, layout?: KeyLayout, source?: RequestSource): { result: RunResult; run: SimRun } {
  const run = new SimRun(plan, layout && source ? { layout, source } : {});
  while (run.step(10_000));
  return { result: run.result(false), run };
}

async function expectAgreement(plan: RunPlan, order: SendOrder, delaySeed: number): Promise<void> {
  const sim = simulated(plan);
  const { result: live, server } = await liveOnFake(plan, order, delaySeed);
  expect(live.error).toBeUndefined();
  expect(counters(live, order === 'key')).toEqual(counters(sim.result, order === 'key'));
  if (order === 'key') return;
  // The fake server's keyspace ends where the simulator's does once it reaches the same time.
  server.cache.advance(sim.run.sim.lastEventMs);
  if (sim.result.durationMs > sim.run.sim.lastEventMs) server.cache.advance(sim.result.durationMs);
  expect([server.cache.stats.keys, server.cache.stats.evicted, server.cache.stats.usedMemoryBytes])
    .toEqual([sim.result.cache.keys, sim.result.cache.evictedKeys, sim.result.cache.usedMemoryBytes]);
}

describe('the live engine over a fake Redis counts what the simulator counts', () => {
  it('generated traffic, order plan: TTLs, jitter, eviction, rules, single-flight, random reply delays', async () => {
    await fc.assert(fc.asyncProperty(shapes(true), fc.integer({ min: 0, max: 1e6 }), async (shape, delaySeed) => {
      await expectAgreement(planOf(shape), 'plan', delaySeed);
    }), { numRuns: 12 });
  }, 240_000);

  it('generated traffic, order key: without TTLs and memory pressure', async () => {
    await fc.assert(fc.asyncProperty(shapes(false), fc.integer({ min: 0, max: 1e6 }), async (shape, delaySeed) => {
      await expectAgreement(planOf(shape), 'key', delaySeed);
    }), { numRuns: 12 });
  }, 240_000);

  // Every write strategy the design allows (simulator/model: delete, delete-pattern, write-through,
  // write-behind, ttl-only), write-behind always among them and writes always in the traffic.
  const writeBehind = (withTtlAndMemory: boolean): fc.Arbitrary<Shape> => fc.tuple(shapes(withTtlAndMemory), fc.constantFrom(...RULES.filter((rule) => rule.includes('write-behind'))))
    .map(([shape, rule]) => ({ ...shape, writes: Math.max(shape.writes, 2), rules: [rule, ...shape.rules.filter((r) => r !== rule)] }));

  it('write-behind with the other rules, order plan', async () => {
    await fc.assert(fc.asyncProperty(writeBehind(true), fc.integer({ min: 0, max: 1e6 }), async (shape, delaySeed) => {
      await expectAgreement(planOf(shape), 'plan', delaySeed);
    }), { numRuns: 8 });
  }, 240_000);

  it('write-behind with the other rules, order key', async () => {
    await fc.assert(fc.asyncProperty(writeBehind(false), fc.integer({ min: 0, max: 1e6 }), async (shape, delaySeed) => {
      await expectAgreement(planOf(shape), 'key', delaySeed);
    }), { numRuns: 8 });
  }, 240_000);

  // A GET answered with an error is taken as neither hit nor miss; events set aside for its key
  // (order 'key': a load's SET waiting for the key's reads) must go on as after an answer, or the
  // run would wait on nothing (stallGuard) until the tail deadline dropped them.
  it('GETs answered with errors, order key: the run goes on and sends every event', async () => {
    await fc.assert(fc.asyncProperty(shapes(false), fc.integer({ min: 0, max: 1e6 }), async (shape, delaySeed) => {
      const plan = planOf(shape);
      const sim = simulated(plan);
      const { result: live } = await liveOnFake(plan, 'key', delaySeed, undefined, undefined, 0.05);
      expect(live.error).toBeUndefined();
      expect(live.requests).toBe(sim.result.requests);
      expect(live.warnings.filter((warning) => /still pending/.test(warning))).toEqual([]);
      const failed = live.live.commands.GET.errors;
      expect(failed).toBeGreaterThan(0);
      // Every cached read was a hit, a miss or a failure.
      const cachedReads = live.namespaces.reduce((n, ns) => n + ns.reads, 0);
      expect(cachedReads + failed).toBe(sim.result.namespaces.reduce((n, ns) => n + ns.reads, 0));
    }), { numRuns: 10 });
  }, 240_000);

  it('a key trace, order plan', async () => {
    await fc.assert(fc.asyncProperty(shapes(true), fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 50, maxLength: 3000 }), fc.integer({ min: 0, max: 1e6 }), async (shape, lines, delaySeed) => {
      const base = planOf({ ...shape, writes: 0, invalidates: 0 });
      const interner = new KeyInterner();
      const encoder = new TextEncoder();
      const ids = Int32Array.from(lines, (n) => {
        const bytes = encoder.encode(n % 3 === 0 ? `list:${n}` : `item:${n}`);
        return interner.intern(bytes, 0, bytes.length);
      });
      const trace = { interner, ids, valueBytes: Int32Array.from(lines, (n) => (n % 5 === 0 ? 10 * n : -1)), count: lines.length };
      const keys = new TraceKeys(interner, base.namespaces);
      const plan = tracePlan(base, keys, trace.count);
      const sim = simulated(plan, keys, new TraceSource(trace, traceRatePerSec(base)));
      const { result: live } = await liveOnFake(plan, 'plan', delaySeed, keys, new TraceSource(trace, traceRatePerSec(base)));
      expect(counters(live)).toEqual(counters(sim.result));
    }), { numRuns: 8 });
  }, 240_000);
});
