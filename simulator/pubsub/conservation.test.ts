import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PubsubSpecInput } from '../model';
import { runOf } from './testing';

type Failure = NonNullable<PubsubSpecInput['failures']>[number];

/** Small random designs: any topology, both delivery kinds, any policy, any failure mix. */
const designs = fc.record({
  mode: fc.constantFrom('standalone', 'sentinel', 'cluster') as fc.Arbitrary<'standalone' | 'sentinel' | 'cluster'>,
  shards: fc.integer({ min: 1, max: 4 }),
  publish: fc.constantFrom('classic', 'sharded') as fc.Arbitrary<'classic' | 'sharded'>,
  workers: fc.integer({ min: 1, max: 4 }),
  clients: fc.integer({ min: 1, max: 300 }),
  placement: fc.constantFrom('sticky', 'non-sticky') as fc.Arbitrary<'sticky' | 'non-sticky'>,
  counts: fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })),
  rates: fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 30 })),
  streams: fc.tuple(fc.boolean(), fc.boolean()),
  policy: fc.constantFrom('drop-oldest', 'drop-newest', 'coalesce', 'block') as fc.Arbitrary<'drop-oldest' | 'drop-newest' | 'coalesce' | 'block'>,
  queueLimit: fc.integer({ min: 1, max: 50 }),
  slowShare: fc.integer({ min: 0, max: 50 }),
  hardKb: fc.integer({ min: 1, max: 512 }),
  drainS: fc.integer({ min: 0, max: 5 }),
  failures: fc.array(fc.record({
    kind: fc.constantFrom('worker-restart', 'subscriber-disconnect', 'shard-failover', 'reconnect-storm'),
    atMs: fc.integer({ min: 0, max: 4000 }),
    durationMs: fc.integer({ min: 0, max: 2000 }),
    target: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
    silent: fc.boolean(),
  }), { maxLength: 4 }),
  seed: fc.integer({ min: 0, max: 10_000 }),
});

type Design = typeof designs extends fc.Arbitrary<infer T> ? T : never;

function toSpec(d: Design): PubsubSpecInput {
  const mode = d.mode === 'cluster' ? 'cluster' : d.mode;
  const nodes = mode === 'cluster' ? d.shards : 1;
  const failures: Failure[] = d.failures.flatMap((f): Failure[] => {
    const at = `${f.atMs}ms`;
    const duration = `${f.durationMs}ms`;
    switch (f.kind) {
      case 'worker-restart': return [{ kind: 'worker-restart', at, worker: f.target % d.workers, duration }];
      case 'subscriber-disconnect': return [{ kind: 'subscriber-disconnect', at, worker: f.target % (d.workers + 1) === d.workers ? undefined : f.target % d.workers, duration, silent: f.silent }];
      case 'shard-failover': return mode === 'standalone' ? [] : [{ kind: 'shard-failover', at, shard: f.target % nodes, duration }];
      default: return [{ kind: 'reconnect-storm', at, share: `${f.share}%` }];
    }
  });
  return {
    classes: [
      { name: 'a', delivery: d.streams[0] ? 'streams' : 'pubsub', ackInterval: '300ms' },
      { name: 'b', delivery: d.streams[1] ? 'streams' : 'pubsub' },
    ],
    channels: [
      { name: 'rooms', pattern: 'room:{{id}}', count: d.counts[0], publishRate: `${d.rates[0]}/s`, class: 'a', spread: { dist: 'zipf', alpha: 1 } },
      { name: 'alerts', pattern: 'alerts:{id}', count: d.counts[1], publishRate: `${d.rates[1]}/s`, class: 'b', payload: { dist: 'uniform', min: '100b', max: '8kb' } },
    ],
    topology: { mode, shards: mode === 'cluster' ? d.shards : undefined, publish: d.publish, outputBufferLimit: { hard: `${d.hardKb}kb`, soft: '16kb', softFor: '500ms' } },
    workers: { count: d.workers, placement: d.placement },
    clients: {
      total: d.clients,
      speed: '200/s',
      slow: d.slowShare > 0 ? { share: `${d.slowShare}%`, speed: '5/s' } : undefined,
      audiences: [
        { name: 'members', share: '80%', follows: [{ channels: 'rooms', per: 'one' }, { channels: 'alerts', per: 'one' }] },
        { name: 'operators', share: '20%', follows: [{ channels: 'alerts', per: 'all' }] },
      ],
    },
    backpressure: { queueLimit: d.queueLimit, policy: d.policy },
    reconnect: { base: '50ms', max: '1s', jitter: '50%', lanes: 4 },
    failures,
    drain: `${d.drainS}s`,
  };
}

describe('conservation of deliveries', () => {
  it('accounts for every intended delivery, per class: published × recipients = delivered + dropped + lost + pending (property)', () => {
    fc.assert(fc.property(designs, (d) => {
      const m = runOf(toSpec(d), 5000, d.seed).metrics;
      for (const c of m.classes) {
        expect(c.delivered + c.dropped + c.lost + c.pending).toBe(c.expected);
        if (c.delivery === 'streams') {
          expect(c.lost).toBe(0);
          expect(c.dropped).toBe(0);
        } else expect(c.duplicated).toBe(0);
        expect(c.duplicated).toBeLessThanOrEqual(c.replayed);
      }
      expect(m.peakQueueLength).toBeLessThanOrEqual(d.queueLimit);
      expect(m.outputBufferBytes).toBeGreaterThanOrEqual(0);
    }), { numRuns: 80 });
  });

  it('treats a cohort exactly as its clients one by one: splitting it changes no count and no latency', () => {
    const spec = (lanes: number): PubsubSpecInput => ({
      channels: [{ name: 'rooms', pattern: 'room:{id}', count: 5, publishRate: '400/s', class: 'default' }],
      workers: { count: 2, sendCost: '0us' },
      clients: {
        total: 64, speed: '100/s', slow: { share: '30%', speed: '7/s' },
        audiences: [
          { name: 'members', share: '75%', follows: [{ channels: 'rooms', per: 'one' }] },
          { name: 'all', share: '25%', follows: [{ channels: 'rooms', per: 'all' }] },
        ],
      },
      backpressure: { queueLimit: 8, policy: 'coalesce' },
      reconnect: { lanes },
    });
    const grouped = runOf(spec(1), 5000).metrics;
    const oneByOne = runOf(spec(64), 5000).metrics;
    expect(oneByOne.cohorts).toBe(64);
    expect(grouped.cohorts).toBeLessThan(30);
    const { cohorts: _a, ...g } = grouped;
    const { cohorts: _b, ...o } = oneByOne;
    expect(o).toEqual(g);
  });
});

describe('determinism', () => {
  const spec: PubsubSpecInput = {
    classes: [{ name: 'best-effort', delivery: 'pubsub' }, { name: 'critical', delivery: 'streams' }],
    channels: [
      { name: 'rooms', pattern: 'room:{{id}}', count: 50, publishRate: '500/s', class: 'best-effort', spread: { dist: 'hot', share: '40%' } },
      { name: 'alerts', pattern: 'alerts', publishRate: '5/s', class: 'critical' },
    ],
    topology: { mode: 'cluster', shards: 3, publish: 'sharded' },
    workers: { count: 3 },
    clients: { total: 2000, slow: { share: '5%', speed: '20/s' }, audiences: [{ name: 'u', follows: [{ channels: 'rooms' }, { channels: 'alerts', per: 'all' }] }] },
    failures: [{ kind: 'reconnect-storm', at: '2s', share: '50%' }, { kind: 'shard-failover', at: '3s', shard: 1, duration: '1s' }],
  };

  it('gives the same result and series for the same seed', () => {
    expect(runOf(spec, 6000, 42)).toEqual(runOf(spec, 6000, 42));
  });

  it('gives a different run for another seed', () => {
    expect(runOf(spec, 6000, 43).metrics.fanout).not.toEqual(runOf(spec, 6000, 42).metrics.fanout);
  });
});
