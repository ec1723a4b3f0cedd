import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { compilePlan } from './plan';
import type { RunPlan } from './plan';
import { scalePlan } from './scale-plan';
import { chooseScale, expiringNamespaces, formatSpeed, MIN_SCALED_TTL_MS, parseSpeed, planSpanMs, resolveSpeed } from './time-scale';

function planWith(ttl: string, duration: string, options: { rate?: string; jitter?: string; requests?: number } = {}): RunPlan {
  const loaded = loadDesign(`version: 1
name: speed
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 1000, valueSize: 100b, dataClass: c, readWrite: "90/10" }
  - { name: pages, pattern: "page:{id}", cardinality: 10, valueSize: 1kb, dataClass: long }
ttlMatrix:
  c: { dev: { ttl: ${ttl}, jitter: ${options.jitter ?? '0%'} }, staging: { ttl: 1m }, prod: { ttl: 1m } }
  long: { dev: { ttl: 24h }, staging: { ttl: 24h }, prod: { ttl: 24h } }
invalidation:
  - { on: items, action: delete, delay: 500ms }
server: { maxmemory: 0b, maxmemoryPolicy: allkeys-lru }
origin: { latency: { dist: uniform, min: 10ms, max: 30ms }, maxConcurrency: 50 }
client: { rtt: 1ms }
traffic:
  seed: 1
  phases:
    - { shape: steady, rate: ${options.rate ?? '1000/s'}, duration: ${duration} }
  operations: [{ namespace: items, weight: 9 }, { namespace: pages, op: read, weight: 1 }]
`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev', ...(options.requests === undefined ? {} : { requests: options.requests }) });
}

function chosen(plan: RunPlan, request: Parameters<typeof resolveSpeed>[1], limits = {}) {
  const choice = resolveSpeed(plan, request, limits);
  if (!choice.ok) throw new Error(choice.reason);
  return choice.scale;
}

describe('parseSpeed', () => {
  it('reads factors, auto and max, and nothing else', () => {
    expect(parseSpeed('10x')).toBe(10);
    expect(parseSpeed('0.5')).toBe(0.5);
    expect(parseSpeed('auto')).toBe('auto');
    expect(parseSpeed('max')).toBe('max');
    for (const bad of ['0x', 'fast', '-2', '1e400', '']) expect(parseSpeed(bad)).toBeNull();
    expect(formatSpeed(12.5)).toBe('12.5×');
    expect(formatSpeed('max')).toBe('max');
  });
});

describe('the plan a speed runs', () => {
  it('divides every time in the plan by N, one function for every caller', () => {
    const plan = planWith('30s', '60s', { jitter: '10%' });
    const scale = chosen(plan, 10);
    expect(scale.speed).toBe(10);
    expect(scale.plan).toEqual(scalePlan(plan, 10));
    const items = scale.plan.namespaces[0];
    expect(items.ttlMs).toBe(3000);
    expect(items.jitterPct).toBe(10); // a share of the TTL: scaled with it
    expect(scale.plan.rules[0].delayMs).toBe(50);
    expect(scale.plan.origin.latencyMs).toEqual({ kind: 'uniform', min: 1, max: 3 });
    expect(scale.plan.client.rttMs).toBe(0.1);
    expect(scale.plan.phases[0]).toMatchObject({ startMs: 0, durationMs: 6000, shape: { ratePerSec: 10_000 } });
    expect(scale.plan.snapshotIntervalMs).toBeCloseTo(plan.snapshotIntervalMs / 10);
    expect(planSpanMs(scale.plan)).toBe(6000);
    expect(scale.notes.join(' ')).toMatch(/ran 10× faster than written/);
    expect(chosen(plan, 1)).toMatchObject({ speed: 1, plan, notes: [] });
  });

  it('says when a factor makes a TTL shorter than 1 s of wall-clock', () => {
    expect(chosen(planWith('5s', '60s'), 10).notes[0]).toMatch(/At 10× the TTLs of items get shorter than 1 s/);
    expect(chosen(planWith('20s', '60s'), 10).notes.join(' ')).not.toMatch(/shorter than/);
  });

  it('auto compresses to about 20 s, within the client\'s pace and the TTL floor', () => {
    expect(chosen(planWith('1h', '600s'), 'auto').speed).toBe(30);
    expect(chosen(planWith('1h', '600s', { rate: '4000/s' }), 'auto').speed).toBe(10);
    // A 10 s TTL is not sped up below 1 s.
    const floored = chosen(planWith('10s', '600s'), 'auto');
    expect(floored.speed).toBe(10);
    expect(floored.notes[0]).toMatch(/Speed auto chose 10×/);
    expect(chosen(planWith('1h', '5s'), 'auto')).toMatchObject({ speed: 1, notes: [] });
    expect(chooseScale(planWith('1h', '2s', { rate: '100000/s' }), 20, 50_000)).toBe(0.5);
  });
});

describe('--speed max', () => {
  it('sends unpaced when no TTL runs out within the traffic', () => {
    for (const ttl of ['1h', 'none', '0s']) {
      const scale = chosen(planWith(ttl, '5s'), 'max');
      expect(scale.speed).toBe('max');
      expect(scale.notes[0]).toMatch(/as fast as the server answered .* no key expires in either engine/);
    }
  });

  it('runs a plan whose TTLs run out at the fastest factor the client can pace, and says so', () => {
    const plan = planWith('2m', '10m', { jitter: '20%' });
    expect(expiringNamespaces(plan).map((ns) => ns.name)).toEqual(['items']);
    const scale = chosen(plan, 'max');
    expect(scale.speed).toBe(40); // 40 000/s of client pace ÷ the plan's 1 000/s
    expect(scale.plan).toEqual(scalePlan(plan, 40));
    expect(scale.notes[0]).toMatch(/--speed max ran the plan at 40×, the fastest pace .* TTLs of items \(2 min\) .* client paces at most 40,000 requests\/s/);
    expect(chosen(plan, 'max', { maxRatePerSec: 10_000 }).speed).toBe(10);
  });

  it('keeps the shortest jittered TTL at 1 s of wall-clock at least', () => {
    const plan = planWith('10s', '10m', { jitter: '20%', rate: '100/s' });
    const scale = chosen(plan, 'max');
    expect(scale.speed).toBe(8); // 8 s (10 s − 20 %) ÷ 1 s
    expect((scale.plan.namespaces[0].ttlMs ?? 0) * 0.8).toBeGreaterThanOrEqual(MIN_SCALED_TTL_MS);
    expect(scale.notes[0]).toMatch(/no TTL sped up below 1 s/);
    // A TTL already under 1 s is run as written, not slowed down.
    expect(chosen(planWith('500ms', '10s', { rate: '100/s' }), 'max').speed).toBe(1);
  });

  it('counts a request budget that continues the traffic past the TTL', () => {
    expect(chosen(planWith('10s', '5s', { rate: '100/s' }), 'max').speed).toBe('max');
    expect(chosen(planWith('10s', '5s', { rate: '100/s', requests: 5000 }), 'max').speed).toBe(10);
  });

  it('refuses, with the reason and the way out, only a plan it would slow down more than 100×', () => {
    const choice = resolveSpeed(planWith('10s', '60s', { rate: '10000000/s' }), 'max');
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.reason).toMatch(/--speed max cannot run this plan: the TTLs of items \(10 s\) run out .* peak of 10,000,000 requests\/s .* Lower the rate/);
    expect(resolveSpeed(planWith('10s', '60s'), Number.NaN).ok).toBe(false);
  });
});
