import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { keyHashSlot } from '../../pubsub';
import type { PubsubClassMetrics, PubsubMetrics } from '../../pubsub';
import { setTimeout as sleep } from 'node:timers/promises';
import { managedServerPids, parseTarget, startManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { LiveEngine } from './live-engine';
import { LivePubsub } from './live-pubsub';
import { pubsubPlan } from './test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

function expectConservation(pubsub: PubsubMetrics): void {
  const check = (c: Pick<PubsubClassMetrics, 'expected' | 'delivered' | 'dropped' | 'lost' | 'pending'>) => {
    expect(c.delivered + c.dropped + c.lost + c.pending).toBe(c.expected);
  };
  check(pubsub);
  for (const c of pubsub.classes) check(c);
}

describe('LiveEngine pub/sub', () => {
  it('replays classic pub/sub on a managed server with real subscribers and measures fan-out', async () => {
    // 300 clients on 3 workers, all following both channels: every message reaches 3 connections, 300 clients.
    const plan = pubsubPlan({
      pubsub: `  channels:
    - { name: news, pattern: "news:{n}", count: 2, class: default, publishRate: 200/s, payload: 128b }
  workers: { count: 3 }
  clients: { total: 300 }`,
    });
    const result = await new LiveEngine({ target: 'managed' }).run(plan);
    expect(result.error).toBeUndefined();
    const pubsub = result.pubsub as PubsubMetrics;
    expect(pubsub).toBeDefined();
    expect(pubsub.published).toBeGreaterThanOrEqual(380);
    expect(pubsub.expected).toBe(pubsub.published * 300);
    expect(pubsub.delivered).toBe(pubsub.published * 300);
    expect(pubsub.lost).toBe(0);
    expectConservation(pubsub);
    expect(pubsub.workers.map((w) => w.messagesIn)).toEqual([pubsub.published, pubsub.published, pubsub.published]);
    expect(pubsub.workers.map((w) => w.deliveries)).toEqual([100, 100, 100].map((n) => n * pubsub.published));
    expect(pubsub.fanout.p50Ms).toBeGreaterThan(0);
    expect(pubsub.fanout.p50Ms).toBeLessThan(1000);
    expect(pubsub.fanout.p99Ms).toBeLessThan(1000);
    expect(pubsub.fanout.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(pubsub.delivered);
    expect(pubsub.bandwidthBitsPerSec).toBeGreaterThan(0);
    expect(result.departures.some((d) => /pubsub \(live\)/.test(d))).toBe(true);
    console.log(`classic fan-out p50 ${pubsub.fanout.p50Ms} ms p99 ${pubsub.fanout.p99Ms} ms max ${pubsub.fanout.maxMs} ms, published ${pubsub.published}`);
  });

  it('uses SSUBSCRIBE on a managed 3-shard cluster and shows traffic only on the shards owning the channels', async () => {
    // Two channels; their hash tags put them on two different shards of three. SPUBLISH reaches
    // only SSUBSCRIBE subscribers, so any delivery proves the sharded path.
    const plan = pubsubPlan({
      rate: '50/s',
      pubsub: `  channels:
    - { name: fleet, pattern: "fleet:{{region}}", count: 2, class: default, publishRate: 150/s, payload: 64b }
  topology: { mode: cluster, shards: 3, publish: sharded }
  workers: { count: 2 }
  clients: { total: 20, audiences: [{ name: all, share: 100%, follows: [{ channels: fleet, per: one }] }] }`,
    });
    const result = await new LiveEngine({ target: 'managed-cluster', shards: 3 }).run(plan);
    expect(result.error).toBeUndefined();
    const pubsub = result.pubsub as PubsubMetrics;
    expect(pubsub.published).toBeGreaterThanOrEqual(280);
    expect(pubsub.delivered).toBe(pubsub.expected);
    expect(pubsub.delivered).toBeGreaterThan(0);
    expectConservation(pubsub);
    expect(pubsub.fanout.p50Ms).toBeGreaterThan(0);
    expect(pubsub.fanout.p50Ms).toBeLessThan(1000);
    expect(pubsub.shards).toHaveLength(3);
    const owners = new Set(['fleet:{0}', 'fleet:{1}'].map((name) => {
      const slot = keyHashSlot(name);
      return pubsub.shards.findIndex((s) => s.slotRanges.some(([a, b]) => slot >= a && slot <= b));
    }));
    for (const shard of pubsub.shards) {
      if (owners.has(shard.index)) expect(shard.msgsPerSec).toBeGreaterThan(0);
      else expect(shard.msgsPerSec).toBe(0);
    }
    console.log(`sharded fan-out p50 ${pubsub.fanout.p50Ms} ms p99 ${pubsub.fanout.p99Ms} ms; shards msgs/s ${pubsub.shards.map((s) => s.msgsPerSec.toFixed(0)).join(', ')}`);
  }, 40_000);

  it('delivers a Streams class with XREADGROUP/XACK and loses nothing', async () => {
    const plan = pubsubPlan({
      pubsub: `  classes:
    - { name: critical, delivery: streams, ackInterval: 1s }
    - { name: best-effort, delivery: pubsub }
  channels:
    - { name: alerts, pattern: "alerts:{n}", count: 3, class: critical, publishRate: 150/s, payload: 256b }
    - { name: notes, pattern: "notes:{n}", count: 3, class: best-effort, publishRate: 100/s, payload: 64b }
  workers: { count: 2 }
  clients: { total: 40 }`,
    });
    const result = await new LiveEngine({ target: 'managed' }).run(plan);
    expect(result.error).toBeUndefined();
    const pubsub = result.pubsub as PubsubMetrics;
    const critical = pubsub.classes.find((c) => c.name === 'critical') as PubsubClassMetrics;
    expect(critical.delivery).toBe('streams');
    expect(critical.published).toBeGreaterThanOrEqual(280);
    expect(critical.lost).toBe(0);
    expect(critical.pending).toBe(0);
    expect(critical.delivered).toBe(critical.published * 40);
    expect(critical.fanout.p50Ms).toBeGreaterThan(0);
    expect(critical.fanout.p50Ms).toBeLessThan(1000);
    const notes = pubsub.classes.find((c) => c.name === 'best-effort') as PubsubClassMetrics;
    expect(notes.delivered).toBe(notes.published * 40);
    expectConservation(pubsub);
    console.log(`streams fan-out p50 ${critical.fanout.p50Ms} ms p99 ${critical.fanout.p99Ms} ms max ${critical.fanout.maxMs} ms`);
  });

  it('stops within a second when cancelled mid-run', async () => {
    const plan = pubsubPlan({
      duration: '20s',
      pubsub: `  classes: [{ name: critical, delivery: streams }]
  channels:
    - { name: alerts, pattern: "alerts:{n}", count: 2, class: critical, publishRate: 100/s, payload: 64b }
  workers: { count: 2 }
  clients: { total: 4 }`,
    });
    const signal = { aborted: false };
    let cancelledAt = 0;
    const engine = new LiveEngine({ target: 'managed', alignStart: false, onReady: () => { setTimeout(() => { signal.aborted = true; cancelledAt = Date.now(); }, 800); } });
    const result = await engine.run(plan, undefined, signal);
    const stoppedAfter = Date.now() - cancelledAt;
    expect(result.partial).toBe(true);
    expect(result.pubsub?.published).toBeGreaterThan(0);
    expectConservation(result.pubsub as PubsubMetrics);
    console.log(`cancelled run returned ${stoppedAfter} ms after the cancel (final INFO sample and teardown included)`);
    expect(stoppedAfter).toBeLessThan(2500);
  });

  it('on a user\'s server prefixes channels and streams with the run prefix and leaves nothing behind', async () => {
    const server = await startManagedRedis({});
    const admin = new Redis({ host: server.host, port: server.port, lazyConnect: true });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      const plan = pubsubPlan({
        duration: '1s',
        pubsub: `  classes: [{ name: critical, delivery: streams }, { name: fast, delivery: pubsub }]
  channels:
    - { name: alerts, pattern: "alerts:{n}", count: 2, class: critical, publishRate: 200/s, payload: 64b }
    - { name: ticks, pattern: "ticks:{n}", count: 2, class: fast, publishRate: 200/s, payload: 64b }
  workers: { count: 2 }
  clients: { total: 10 }`,
      });
      let channelsDuringRun: string[] = [];
      const engine = new LiveEngine({
        target: { url: server.url }, runId: 'pubsub-1', alignStart: false,
        onReady: () => { setTimeout(() => { void admin.pubsub('CHANNELS').then((c) => { channelsDuringRun = c as string[]; }); }, 300); },
      });
      const result = await engine.run(plan);
      expect(result.error).toBeUndefined();
      const pubsub = result.pubsub as PubsubMetrics;
      expect(pubsub.delivered).toBe(pubsub.expected);
      expect(pubsub.published).toBeGreaterThan(300);
      // The run's own channels carry its prefix; the rest is the eviction watcher listening to the
      // server's keyspace notifications (__keyevent@<db>__:expired), which it does not publish.
      expect(channelsDuringRun.filter((c) => !c.startsWith('__keyevent@')).sort()).toEqual(['kw:pubsub-1:ticks:0', 'kw:pubsub-1:ticks:1']);
      expect(channelsDuringRun.filter((c) => c.startsWith('__keyevent@'))).toEqual(['__keyevent@0__:expired']);
      expect(await admin.dbsize()).toBe(0);
      expect(await admin.pubsub('CHANNELS')).toEqual([]);
    } finally {
      admin.disconnect();
      await server.stop();
    }
  });
  it('when closed while opening (its deadline ran out), leaves no connection behind and open() fails', async () => {
    const server = await startManagedRedis();
    const admin = new Redis(server.port);
    try {
      // 16 subscriber connections to open, one after the other.
      const plan = pubsubPlan({
        pubsub: `  channels:
    - { name: news, pattern: "news:{n}", count: 2, class: default, publishRate: 10/s, payload: 64b }
  workers: { count: 16 }
  clients: { total: 16 }`,
      }).pubsub;
      if (!plan) throw new Error('no pub/sub plan');
      const pubsub = new LivePubsub({
        plan, target: parseTarget(server.url), secrets: {}, prefix: 'kw:t:', speed: 1, clock: () => performance.now(), shardSlots: [[[0, 16383]]],
      });
      const names = async (): Promise<string[]> => ((await admin.client('LIST')) as string).split('\n')
        .map((line) => /name=(\S*)/.exec(line)?.[1] ?? '').filter((name) => name.startsWith('keyspace-live'));
      const opening = pubsub.open().then(() => 'opened', (error: Error) => error.message);
      // As the live engine's deadline on open() does: close() while open() is under way.
      while (!(await names()).includes('keyspace-live-worker-0')) await sleep(1);
      await pubsub.close();
      const outcome = await opening;
      await sleep(300);
      expect(await names()).toEqual([]);
      expect(outcome).not.toBe('opened');
    } finally {
      admin.disconnect();
      await server.stop();
    }
  });
});
