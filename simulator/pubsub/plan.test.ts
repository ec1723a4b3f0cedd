import { describe, expect, it } from 'vitest';
import { pubsubSchema } from '../model';
import { compilePubsubPlan } from './plan';
import { PubsubSimulation } from './simulation';
import { planOf, runOf } from './testing';

describe('compilePubsubPlan', () => {
  it('resolves every unit to numbers', () => {
    const plan = planOf({
      channels: [{ name: 'rooms', pattern: 'room:{id}', count: 4, publishRate: '120/min', class: 'default', payload: '1kb' }],
      topology: { mode: 'cluster', shards: 3, serviceTime: { perMessage: '4us' } },
      clients: { total: 10, speed: '50/s', latency: '20ms' },
      reconnect: { base: '250ms', jitter: '20%' },
    }, 30_000, 7);
    expect(plan.seed).toBe(7);
    expect(plan.groups[0]).toMatchObject({ ratePerSec: 2, count: 4, payload: { kind: 'fixed', value: 1024 } });
    expect(plan.topology).toMatchObject({ nodes: 3, perMessageMs: 0.004, hardLimitBytes: 32 * 1024 * 1024, softLimitMs: 60_000 });
    expect(plan.clients).toMatchObject({ serviceMs: 20, latencyMs: 20 });
    expect(plan.reconnect).toMatchObject({ baseMs: 250, jitter: 0.2 });
    expect(plan.channels.nameBytes[3]).toBe('room:3'.length);
  });

  it('splits audiences to add up to the total exactly', () => {
    const plan = planOf({
      channels: [{ name: 'a', pattern: 'a', publishRate: '1/s', class: 'default' }],
      clients: { total: 1001, audiences: [1, 2, 3].map((i) => ({ name: `x${i}`, share: `${100 / 3}%`, follows: [{ channels: 'a' }] })) },
    });
    expect(plan.clients.audiences.map((a) => a.clients).reduce((x, y) => x + y, 0)).toBe(1001);
  });

  it('refuses an invalid section with every problem listed, instead of running it', () => {
    const spec = pubsubSchema.parse({
      channels: [{ name: 'rooms', pattern: 'room:{roomId', count: 3, publishRate: '1/s', class: 'default' }],
      clients: { total: 10_000_000 },
      backpressure: { queueLimit: 0 },
    });
    const compile = () => compilePubsubPlan(spec, { durationMs: 1000, seed: 1 });
    expect(compile).toThrow(/pubsub\.channels\.0\.pattern: .*unclosed/);
    expect(compile).toThrow(/pubsub\.clients\.total: .*limit of 5,000,000/);
    expect(compile).toThrow(/pubsub\.backpressure\.queueLimit: /);
  });

  it('refuses a run that would publish more than 300 million messages, instead of running for an hour', () => {
    const spec = pubsubSchema.parse({ channels: [{ name: 'a', pattern: 'a', publishRate: '1000000/s', class: 'default' }], clients: { total: 1 } });
    expect(() => compilePubsubPlan(spec, { durationMs: 3_600_000, seed: 1 })).toThrow(/3,600,000,000 publishes over 3,600 s is over the limit of 300,000,000/);
  });

  it('refuses a run without a positive duration', () => {
    const spec = pubsubSchema.parse({ channels: [{ name: 'a', pattern: 'a', publishRate: '1/s', class: 'default' }], clients: { total: 1 } });
    expect(() => compilePubsubPlan(spec, { durationMs: 0, seed: 1 })).toThrow(/durationMs/);
  });
});

describe('PubsubSimulation on the host\'s clock', () => {
  const plan = () => planOf({
    channels: [{ name: 'a', pattern: 'a:{id}', count: 10, publishRate: '100/s', class: 'default' }],
    clients: { total: 100, audiences: [{ name: 'u', follows: [{ channels: 'a' }] }] },
    drain: '1s',
  }, 5000);

  it('gives the same result advanced in small or large steps', () => {
    const small = new PubsubSimulation(plan());
    for (let t = 0; !small.done; t += 7) small.advanceTo(t);
    const large = new PubsubSimulation(plan());
    large.advanceTo(1e9);
    expect(large.done).toBe(true);
    expect(small.result()).toEqual(large.result());
  });

  it('reports snapshots whose windows add up to the totals', () => {
    const run = runOf({
      channels: [{ name: 'a', pattern: 'a:{id}', count: 10, publishRate: '100/s', class: 'default' }],
      clients: { total: 100, audiences: [{ name: 'u', follows: [{ channels: 'a' }] }] },
    }, 5000);
    const sum = (key: 'published' | 'delivered') => run.series.reduce((total, s) => total + s[key], 0);
    expect(sum('published')).toBe(run.metrics.published);
    expect(sum('delivered')).toBe(run.metrics.delivered);
    expect(run.series[0].shardMsgsPerSec[0]).toBeGreaterThan(50);
  });

  it('stops at the next chunk when cancelled, marking the run partial', async () => {
    const { runPubsub } = await import('./run');
    const signal = { aborted: false };
    const result = runPubsub(plan(), 500, { signal, onProgress: (done) => { if (done >= 0.2) signal.aborted = true; } });
    expect(result.partial).toBe(true);
    expect(result.series.length).toBe(2);
  });
});
