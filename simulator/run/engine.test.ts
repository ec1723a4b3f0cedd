import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { compilePlan } from './plan';
import type { CompileOptions } from './plan';
import { SimulatedEngine, simulate } from './engine';
import { SimRun } from './sim-run';
import type { RunProgress, Snapshot } from './result';

/** A small catalogue design; `extra` replaces whole top-level sections when given. */
function design(options: { rules?: string; server?: string; ttl?: string; jitter?: string; sensitiveTtl?: string; origin?: string; ops?: string; client?: string; rate?: string; duration?: string } = {}) {
  const text = `version: 1
name: engine test
namespaces:
  - name: products
    pattern: "products:{id}"
    cardinality: 2000
    valueSize: 500b
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: catalog
    readWrite: "90/10"
  - name: lists
    pattern: "products:list:{page}"
    cardinality: 20
    valueSize: 4kb
    dataClass: catalog
  - name: orders
    pattern: "orders:{id}"
    cardinality: 1000
    valueSize: 1kb
    dataClass: sensitive
ttlMatrix:
  catalog: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: ${options.ttl ?? '5m'}, jitter: ${options.jitter ?? '0%'} } }
  sensitive: { dev: { ttl: 0s }, staging: { ttl: 0s }, prod: { ttl: ${options.sensitiveTtl ?? '0s'} } }
invalidation:
${options.rules ?? '  []'}
server:
${options.server ?? '  maxmemory: 0b'}
origin:
${options.origin ?? '  latency: 20ms'}
client:
${options.client ?? '  rtt: 500us'}
traffic:
  seed: 7
  phases:
    - { shape: steady, rate: ${options.rate ?? '1000/s'}, duration: ${options.duration ?? '2m'} }
  operations:
${options.ops ?? '    - { namespace: products, weight: 8 }\n    - { namespace: lists, op: list, weight: 1 }\n    - { namespace: orders, op: read, weight: 1 }'}
`;
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.design;
}

function run(options: Parameters<typeof design>[0] = {}, compile: CompileOptions = {}) {
  return simulate(compilePlan(design(options), compile));
}

describe('the simulated engine', () => {
  it('gives the same result, bit for bit, for the same seed and a different one for another seed', () => {
    const a = run();
    const b = run();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = run({}, { seed: 8 });
    expect(c.cache.hits).not.toBe(a.cache.hits);
  });

  it('counts hits + misses = reads of cacheable keys, overall and per namespace', () => {
    const result = run({ server: '  maxmemory: 1mb\n  maxmemoryPolicy: allkeys-lru' });
    expect(result.cache.hits + result.cache.misses).toBe(result.cache.reads);
    for (const ns of result.namespaces) expect(ns.hits + ns.misses).toBe(ns.reads);
    const sum = result.namespaces.reduce((s, ns) => s + ns.reads, 0);
    expect(sum).toBe(result.cache.reads);
    expect(result.requests).toBe(120_000);
  });

  it('never sends a do-not-cache namespace to Redis: every read goes to the origin', () => {
    const result = run();
    const orders = result.namespaces.find((ns) => ns.name === 'orders');
    expect(orders?.reads).toBe(0);
    expect(orders?.keys).toBe(0);
    expect(orders?.originQueries).toBeGreaterThan(10_000);
  });

  it('counts stale reads when writes rely on the TTL, and far fewer when writes delete the key', () => {
    const ttlOnly = run({ rules: '  - { on: products, action: ttl-only }' });
    const deleted = run({ rules: '  - { on: products, action: delete }' });
    const writeThrough = run({ rules: '  - { on: products, action: write-through }' });
    expect(ttlOnly.cache.staleReads).toBeGreaterThan(1000);
    expect(deleted.cache.staleReads).toBeLessThan(ttlOnly.cache.staleReads / 20);
    expect(writeThrough.cache.staleReads).toBeLessThan(ttlOnly.cache.staleReads / 20);
    expect(deleted.cache.deletes).toBeGreaterThan(0);
  });

  it('counts the stale window of a propagation delay', () => {
    const prompt = run({ rules: '  - { on: products, action: delete }' });
    const delayed = run({ rules: '  - { on: products, action: delete, delay: 2s }' });
    expect(delayed.cache.staleReads).toBeGreaterThan(prompt.cache.staleReads * 5 + 100);
  });

  it('deletes every list page when a product is written under a delete-pattern rule', () => {
    const lists = (r: ReturnType<typeof run>) => r.namespaces.find((ns) => ns.name === 'lists');
    const withoutRule = run();
    // ttl-only with a target declares that list pages derive from products without deleting them.
    const ttlOnly = run({ rules: '  - { on: products, action: ttl-only, target: "products:list:*" }' });
    const deleted = run({ rules: '  - { on: products, action: delete-pattern, target: "products:list:*" }' });
    expect(lists(deleted)?.hitRatio).toBeLessThan((lists(withoutRule)?.hitRatio ?? 0) - 0.3);
    expect(lists(withoutRule)?.staleReads).toBe(0);
    expect(lists(ttlOnly)?.staleReads).toBeGreaterThan(5000);
    expect(lists(deleted)?.staleReads).toBeLessThan((lists(ttlOnly)?.staleReads ?? 0) / 10);
  });

  it('rejects writes with OOM under noeviction once memory is full, and evicts instead under allkeys-lru', () => {
    const full = run({ server: '  maxmemory: 1200kb\n  maxmemoryPolicy: noeviction' });
    expect(full.cache.oomRejections).toBeGreaterThan(0);
    expect(full.cache.evictedKeys).toBe(0);
    const evicting = run({ server: '  maxmemory: 1200kb\n  maxmemoryPolicy: allkeys-lru' });
    expect(evicting.cache.oomRejections).toBe(0);
    expect(evicting.cache.evictedKeys).toBeGreaterThan(0);
    expect(evicting.cache.usedMemoryBytes).toBeLessThanOrEqual(1200 * 1024 + 8 * 1024);
  });

  it('spreads expiries with TTL jitter, so the reload herd after each TTL becomes a trickle', () => {
    const options = {
      ttl: '30s', rate: '3000/s', duration: '3m', origin: '  latency: 50ms\n  maxConcurrency: 500',
      ops: '    - { namespace: lists, op: read, weight: 1 }\n    - { namespace: products, op: read, weight: 1 }',
    };
    // The peak origin load after the cold start (which jitter cannot change).
    const peakAfterWarmup = (r: ReturnType<typeof run>) => Math.max(...r.series.filter((s) => s.tMs > 35_000).map((s) => s.originQueriesPerSec));
    const herd = run({ ...options, jitter: '0%' });
    const jittered = run({ ...options, jitter: '40%' });
    expect(peakAfterWarmup(jittered)).toBeLessThan(peakAfterWarmup(herd) * 0.7);
    expect(jittered.latency.p999Ms).toBeLessThanOrEqual(herd.latency.p999Ms);
  });

  it('prewarms: a cache warmer SETs every key at the start, so the first reads hit', () => {
    const text = JSON.stringify(design());
    const base = JSON.parse(text);
    base.namespaces[0].prewarm = true;
    const warm = simulate(compilePlan(base, { requests: 2000 }));
    const cold = simulate(compilePlan(JSON.parse(text), { requests: 2000 }));
    const products = (r: typeof warm) => r.namespaces[0];
    expect(products(warm).misses).toBe(0);
    expect(products(cold).misses).toBeGreaterThan(100);
    expect(products(warm).keys).toBe(2000);
  });

  it('emits snapshots at the plan cadence up to the end of the traffic', () => {
    const snapshots: Snapshot[] = [];
    const plan = compilePlan(design(), { snapshotCount: 60 });
    const result = simulate(plan, { snapshot: (s) => snapshots.push(s), progress: () => {} });
    expect(snapshots.length).toBe(60);
    expect(snapshots[snapshots.length - 1].tMs).toBe(120_000);
    expect(result.series).toEqual(snapshots);
    expect(snapshots[59].requests).toBe(result.requests);
  });

  it('stops after the chunk in which it is cancelled and returns a partial result', async () => {
    const plan = compilePlan(design({ duration: '20m' }));
    const controller = new AbortController();
    const progress: RunProgress[] = [];
    const engine = new SimulatedEngine({ chunkRequests: 10_000, yieldToHost: () => new Promise((resolve) => setImmediate(resolve)) });
    const result = await engine.run(plan, {
      snapshot: () => {},
      progress: (p) => { progress.push(p); if (p.done >= 30_000) controller.abort(); },
    }, controller.signal);
    expect(result.partial).toBe(true);
    expect(result.requests).toBe(30_000);
    expect(progress[progress.length - 1].total).toBe(1_200_000);
  });

  it('stops at a request budget smaller than the phases, without empty windows after it', () => {
    const result = run({}, { requests: 30_000 });
    expect(result.requests).toBe(30_000);
    expect(result.durationMs).toBeLessThan(31_000);
    expect(result.durationMs).toBeGreaterThan(29_000);
    const last = result.series[result.series.length - 1];
    expect(last.tMs).toBe(result.durationMs);
    expect(result.series.every((s) => s.tMs <= result.durationMs)).toBe(true);
  });

  it('runs to a request budget, continuing the last phase at its rate when the phases hold fewer', () => {
    const result = run({ duration: '10s' }, { requests: 50_000 });
    expect(result.requests).toBe(50_000);
    expect(result.partial).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(49_000);
  });
});

describe('ttl: none (cached without expiry)', () => {
  /** Runs to the end and keeps the run, so the cache model can be looked at afterwards. */
  function runKept(options: Parameters<typeof design>[0]) {
    const sim = new SimRun(compilePlan(design(options)));
    while (sim.step(1_000_000)) { /* to the end */ }
    return { sim, result: sim.result(false) };
  }
  const YEAR_MS = 365 * 86_400_000;

  it('compiles to a cacheable namespace with no TTL (null) and no jitter', () => {
    const plan = compilePlan(design({ ttl: 'none' }));
    expect(plan.namespaces.map((ns) => [ns.name, ns.ttlMs, ns.jitterPct, ns.cacheable])).toEqual([
      ['products', null, 0, true], ['lists', null, 0, true], ['orders', 0, 0, false],
    ]);
  });

  it('never expires a key: expiredKeys 0, no key carries a TTL and every key is still there a year later; a 30s TTL expires thousands', () => {
    const options = { duration: '10m', ops: '    - { namespace: products, op: read, weight: 1 }\n    - { namespace: lists, op: read, weight: 1 }' };
    const { sim, result } = runKept({ ...options, ttl: 'none' });
    expect(result.cache.expiredKeys).toBe(0);
    for (const ns of result.namespaces.slice(0, 2)) expect([ns.name, ns.expiredKeys, ns.ttlMs]).toEqual([ns.name, 0, null]);
    expect(result.cache.keys).toBe(2020);
    expect(sim.sim.cache.stats.volatileKeys).toBe(0);
    const later = result.durationMs + YEAR_MS;
    let present = 0;
    for (let id = 0; id < 2020; id++) if (sim.sim.cache.has(id, later)) present++;
    expect(present).toBe(2020);
    // Each key misses once (plus the reads that came while its first load was in flight).
    expect(result.cache.misses).toBe(2020 + result.origin.duplicateLoads);

    const short = runKept({ ...options, ttl: '30s' });
    expect(short.result.cache.expiredKeys).toBeGreaterThan(1000);
    expect(short.sim.sim.cache.stats.volatileKeys).toBe(short.result.cache.keys);
    let shortPresent = 0;
    for (let id = 0; id < 2020; id++) if (short.sim.sim.cache.has(id, later)) shortPresent++;
    expect(shortPresent).toBe(0);
    expect(result.cache.hitRatio).toBeGreaterThan(short.result.cache.hitRatio);
  });

  it('keys stay until maxmemory evicts them: under allkeys-lru they are evicted, never expired; volatile-lru cannot evict them', () => {
    const server = (policy: string) => `  maxmemory: 1200kb\n  maxmemoryPolicy: ${policy}`;
    const lru = run({ ttl: 'none', duration: '5m', server: server('allkeys-lru') });
    expect(lru.cache.evictedKeys).toBeGreaterThan(0);
    expect(lru.cache.expiredKeys).toBe(0);
    expect(lru.cache.oomRejections).toBe(0);
    const volatile = run({ ttl: 'none', duration: '5m', server: server('volatile-lru') });
    expect(volatile.cache.evictedKeys).toBe(0);
    expect(volatile.cache.oomRejections).toBeGreaterThan(0);
  });

  it('draws no TTL jitter: the other namespaces see the same TTLs as with a TTL longer than the run, and the keys save the expires entry', () => {
    const options = { ttl: '20s', jitter: '20%', duration: '5m' };
    const none = run({ ...options, sensitiveTtl: 'none' });
    const year = run({ ...options, sensitiveTtl: '365d' });
    // Had none drawn from the TTL stream, the jittered TTLs of products and lists would have moved.
    expect(none.namespaces.map((ns) => [ns.hits, ns.misses])).toEqual(year.namespaces.map((ns) => [ns.hits, ns.misses]));
    expect(none.namespaces[0].expiredKeys).toBeGreaterThan(0);
    expect([none.namespaces[2].expiredKeys, year.namespaces[2].expiredKeys]).toEqual([0, 0]);
    expect(none.namespaces[2].keys).toBe(year.namespaces[2].keys);
    expect(none.namespaces[2].usedMemoryBytes).toBeLessThan(year.namespaces[2].usedMemoryBytes);
  });
});

describe('approximated LRU against exact LRU', () => {
  it('orders the gaps as Redis documents: exact ≥ 10 samples ≥ 5 samples, and 10 samples is the closer', () => {
    // 1475 kB: about 270 kB of keys beside the ~1.2 MB a running server holds (server-memory.ts).
    const hitRatio = (policy: string, samples: number) => run({
      server: `  maxmemory: 1475kb\n  maxmemoryPolicy: ${policy}\n  maxmemorySamples: ${samples}`,
      ops: '    - { namespace: products, op: read, weight: 1 }', rate: '200/s', duration: '20m', ttl: '1h',
    }).cache.hitRatio;
    const exact = hitRatio('exact-lru', 5);
    const ten = hitRatio('allkeys-lru', 10);
    const five = hitRatio('allkeys-lru', 5);
    const random = hitRatio('allkeys-random', 5);
    expect(exact).toBeGreaterThanOrEqual(ten - 0.002);
    expect(ten).toBeGreaterThan(five);
    expect(exact - ten).toBeLessThan(exact - five);
    expect(exact - five).toBeLessThan(0.03);
    expect(five).toBeGreaterThan(random);
  });
});
