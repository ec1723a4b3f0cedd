import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { simulate } from './engine';
import { compilePlan } from './plan';
import { scalePlan, scalingNotes } from './scale-plan';

const design = (policy = 'allkeys-lru', pubsub = '') => {
  const loaded = loadDesign(`version: 1
name: scaling
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 5000, valueSize: 200b, skew: { dist: zipf, alpha: 0.9 }, dataClass: c, readWrite: "90/10" }
ttlMatrix:
  c: { dev: { ttl: 1m, jitter: 10% }, staging: { ttl: 1m }, prod: { ttl: 1m } }
invalidation:
  - { on: items, action: delete, delay: 200ms }
server: { maxmemory: 2mb, maxmemoryPolicy: ${policy} }
origin: { latency: { dist: lognormal, p50: 10ms, p99: 80ms }, maxConcurrency: 50, capacity: 500/s }
client: { rtt: 1ms }
traffic:
  seed: 3
  phases:
    - { shape: ramp, from: 100/s, to: 300/s, duration: 20s }
    - { shape: spike, rate: 200/s, peak: 1000/s, at: 50%, width: 10%, duration: 20s }
  operations: [{ namespace: items, weight: 1 }]
${pubsub}`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.design;
};

describe('scalePlan', () => {
  it('scales rate-limit periods (whole ms) and abusive edge bursts with the traffic, so each client meets its limit as written', () => {
    const limits = `rateLimits:
  - { name: per-ip, pattern: "rl:{ip}", clients: 50, limit: 100, period: 60s, algorithm: fixed-window }
  - { name: tiny, pattern: "rl2:{ip}", clients: 50, limit: 5, period: 7ms, algorithm: gcra }
`;
    const loaded = loadDesign(`version: 1
name: scaling limits
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 500, valueSize: 200b, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
traffic:
  abusive: { clients: 5%, rateMultiple: 10, edgeBursts: 2s }
  phases: [{ shape: steady, rate: 100/s, duration: 60s }]
  operations: [{ namespace: items, weight: 1 }]
${limits}`);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const scaled = scalePlan(compilePlan(loaded.design), 10);
    expect(scaled.rateLimits?.limiters.map((l) => l.periodMs)).toEqual([6000, 1]);
    expect(scaled.rateLimits?.abuse?.edgeMs).toBe(200);
    expect(scalingNotes(scaled, 10)[0]).toContain('rate-limit periods');
  });

  const plan = compilePlan(design(), { environment: 'dev' });

  it('divides every time and multiplies every rate by the factor, keeping the request count', () => {
    const scaled = scalePlan(plan, 4);
    expect(scaled.phases.map((p) => [p.startMs, p.durationMs])).toEqual([[0, 5000], [5000, 5000]]);
    expect(scaled.phases[0].shape).toEqual({ kind: 'ramp', fromPerSec: 400, toPerSec: 1200 });
    expect(scaled.phases[1].shape).toMatchObject({ kind: 'spike', basePerSec: 800, peakPerSec: 4000, atFraction: 0.5, widthFraction: 0.1 });
    expect(scaled.phases.map((p) => p.expectedRequests)).toEqual(plan.phases.map((p) => p.expectedRequests));
    expect(scaled.namespaces[0].ttlMs).toBe(15_000);
    expect(scaled.namespaces[0].jitterPct).toBe(10);
    expect(scaled.rules[0].delayMs).toBe(50);
    expect(scaled.origin.latencyMs).toEqual({ kind: 'lognormal', median: 2.5, p99: 20 });
    expect(scaled.origin.capacityPerSec).toBe(2000);
    expect(scaled.origin.maxConcurrency).toBe(50);
    expect(scaled.client.rttMs).toBe(0.25);
    expect(scaled.snapshotIntervalMs).toBeCloseTo(plan.snapshotIntervalMs / 4);
    expect(scaled.server).toEqual(plan.server);
    // The original is untouched.
    expect(plan.phases[0].durationMs).toBe(20_000);
  });

  it('never rounds a TTL down to "no TTL", and refuses a factor that is not a positive number', () => {
    const tiny = { ...plan, namespaces: plan.namespaces.map((ns) => ({ ...ns, ttlMs: 3 })) };
    expect(scalePlan(tiny, 100).namespaces[0].ttlMs).toBe(1);
    // ttl: none (null) stays without expiry, 0s (not cached) stays 0.
    const kinds = { ...plan, namespaces: plan.namespaces.map((ns, i) => ({ ...ns, ttlMs: i === 0 ? null : 0 })) };
    expect(scalePlan(kinds, 20).namespaces.map((ns) => ns.ttlMs)).toEqual(plan.namespaces.map((_ns, i) => (i === 0 ? null : 0)));
    expect(() => scalePlan(plan, 0)).toThrow(RangeError);
    expect(() => scalePlan(plan, Number.NaN)).toThrow(RangeError);
  });

  it('replays the same requests on a timeline the factor shorter', () => {
    const base = simulate(plan);
    const fast = simulate(scalePlan(plan, 4));
    expect(fast.requests).toBe(base.requests);
    expect(fast.durationMs).toBeCloseTo(base.durationMs / 4, 0);
    // Same keys, same order: only the clock-driven details (LRU seconds, cron) differ.
    expect(Math.abs(fast.cache.hitRatio - base.cache.hitRatio)).toBeLessThan(0.03);
  });

  it('scales the pub/sub section with the rest: the simulated fan-out tells the same story, the factor faster', () => {
    const withPubsub = compilePlan(design('allkeys-lru', `pubsub:
  classes: [{ name: ticks, delivery: pubsub }]
  channels:
    - { name: market, pattern: "market:snapshot", class: ticks, publishRate: 50/s, payload: 4kb, arrivals: even }
  topology: { mode: standalone, outputBufferLimit: { hard: 32mb, soft: 8mb, softFor: 10s } }
  workers: { count: 2, sendCost: 2us }
  clients: { total: 200, speed: 1000/s, slow: { share: 5%, speed: 5/s } }
  backpressure: { queueLimit: 64, policy: drop-oldest }
  failures: [{ kind: worker-restart, at: 20s, worker: 0 }]
`), { environment: 'dev' });
    const pubsub = withPubsub.pubsub;
    if (!pubsub) throw new Error('no pub/sub plan');
    const scaled = scalePlan(withPubsub, 10).pubsub;
    expect(scaled).toMatchObject({ durationMs: pubsub.durationMs / 10, drainMs: pubsub.drainMs / 10, groups: [{ ratePerSec: 500 }] });
    expect(scaled?.clients.serviceMs).toBeCloseTo(pubsub.clients.serviceMs / 10);
    expect(scaled?.topology.softLimitMs).toBe(1000);
    expect(scaled?.failures[0].atMs).toBe(2000);
    expect(scaled?.backpressure.queueLimit).toBe(64);
    const base = simulate(withPubsub).pubsub;
    const fast = simulate(scalePlan(withPubsub, 10)).pubsub;
    expect(fast?.published).toBe(base?.published);
    expect(fast?.delivered).toBeCloseTo(base?.delivered ?? 0, -2);
    expect(fast?.dropped).toBeGreaterThan(0);
    expect(Math.abs((fast?.dropped ?? 0) - (base?.dropped ?? 0))).toBeLessThanOrEqual(0.02 * (base?.dropped ?? 0));
    expect(fast?.fanout.p50Ms).toBeCloseTo((base?.fanout.p50Ms ?? 0) / 10, 1);
  });

  it('says what it cannot scale', () => {
    expect(scalingNotes(plan, 1)).toEqual([]);
    const notes = scalingNotes(compilePlan(design('allkeys-lfu')), 8);
    expect(notes.join('\n')).toMatch(/8× faster/);
    expect(notes.join('\n')).toMatch(/lfu-decay-time is whole minutes/);
  });
});
