import { describe, expect, it } from 'vitest';
import type { PubsubSpecInput } from '../model';
import { runOf } from './testing';

/**
 * One channel at 10 messages/s, evenly spaced (published at 0.05 s, 0.15 s, …), 100 clients on
 * one worker, reconnects without jitter: attempts at +0.1, +0.3, +0.7, +1.5, +3.1 s.
 */
const oneChannel = (delivery: 'pubsub' | 'streams', failure: NonNullable<PubsubSpecInput['failures']>[number]): PubsubSpecInput => ({
  classes: [{ name: 'feed', delivery, ackInterval: '1s' }],
  channels: [{ name: 'feed', pattern: 'feed', publishRate: '10/s', class: 'feed', arrivals: 'even' }],
  workers: { count: 1 },
  clients: { total: 100 },
  reconnect: { base: '100ms', max: '10s', jitter: '0%' },
  failures: [failure],
});

describe('at-most-once vs Streams across a disconnect', () => {
  it('loses exactly the pub/sub messages published while the subscriber link was down', () => {
    // Link down at 10 s; attempts fail until 12 s; the attempt at 13.1 s succeeds: 10.05 … 13.05 s are gone.
    const m = runOf(oneChannel('pubsub', { kind: 'subscriber-disconnect', at: '10s', duration: '2s' }), 20_000).metrics;
    expect(m.published).toBe(200);
    expect(m.lost).toBe(31 * 100);
    expect(m.delivered).toBe((200 - 31) * 100);
    expect(m.pending).toBe(0);
    expect(m.connections).toMatchObject({ subscriberDisconnects: 1, subscriberReconnects: 1, failedReconnectAttempts: 4 });
  });

  it('loses exactly the gap of a worker restart for pub/sub: link down, then clients away', () => {
    // Worker down 10.5–12.5 s (its link reopens at boot); clients retry at 10.6, 10.8, 11.2, 12.0 (down) and 13.6 s:
    // 10.55 … 12.45 s are lost on the link, 12.55 … 13.55 s at the clients.
    const m = runOf(oneChannel('pubsub', { kind: 'worker-restart', at: '10.5s', worker: 0, duration: '2s' }), 20_000).metrics;
    expect(m.lost).toBe(31 * 100);
    expect(m.delivered + m.lost).toBe(m.expected);
    expect(m.connections).toMatchObject({ clientDisconnects: 100, clientReconnects: 100 });
  });

  it('loses nothing with Streams, replays the gap and counts re-sent unacknowledged messages as duplicates', () => {
    const m = runOf(oneChannel('streams', { kind: 'worker-restart', at: '10.5s', worker: 0, duration: '2s' }), 20_000).metrics;
    expect(m.lost).toBe(0);
    expect(m.pending).toBe(0);
    expect(m.delivered).toBe(m.expected);
    // Last ACK at 10 s: the 5 messages delivered from 10.05 s to 10.45 s are re-sent after the reconnect.
    expect(m.duplicated).toBe(5 * 100);
    // The replay: those 5 duplicates plus the 31 messages published while the clients were away.
    expect(m.replayed).toBe(36 * 100);
    expect(m.classes[0].fanout.maxMs).toBeGreaterThan(3000);
  });

  it('keeps Streams messages through a subscriber link drop (the stream is read, not pushed)', () => {
    const m = runOf(oneChannel('streams', { kind: 'subscriber-disconnect', at: '10s', duration: '2s' }), 20_000).metrics;
    expect(m.lost).toBe(0);
    expect(m.delivered).toBe(m.expected);
  });

  it('holds publishes while a shard fails over and delivers them when the replica takes over', () => {
    const m = runOf({
      ...oneChannel('streams', { kind: 'shard-failover', at: '5s', shard: 0, duration: '3s' }),
      topology: { mode: 'sentinel' },
    }, 20_000).metrics;
    expect(m.publishRetries).toBe(30);
    expect(m.lost).toBe(0);
    expect(m.delivered).toBe(m.expected);
  });

  it('drops a share of the clients in a reconnect storm, rounded to reconnect lanes', () => {
    const m = runOf({
      ...oneChannel('pubsub', { kind: 'reconnect-storm', at: '5s', share: '50%' }),
      reconnect: { base: '100ms', max: '10s', jitter: '50%', lanes: 4 },
    }, 20_000).metrics;
    expect(m.connections.clientDisconnects).toBe(50);
    expect(m.connections.clientReconnects).toBe(50);
    expect(m.lost).toBeGreaterThan(0);
    expect(m.lost).toBeLessThanOrEqual(2 * 50); // back within 100 ms: at most a message or two each
    expect(m.connectionChurn).toBe(100);
  });
});

describe('per-user channels', () => {
  it('deliver each message to exactly the one client following its channel, on whichever worker it is', () => {
    const m = runOf({
      channels: [{ name: 'users', pattern: 'user:{{id}}', count: 500, publishRate: '2000/s', class: 'default' }],
      topology: { mode: 'cluster', shards: 3, publish: 'sharded' },
      workers: { count: 4 },
      clients: { total: 500, audiences: [{ name: 'users', follows: [{ channels: 'users', per: 'one' }] }] },
      failures: [{ kind: 'worker-restart', at: '2s', worker: 1, duration: '1s' }],
    }, 5000).metrics;
    expect(m.cohorts).toBe(500);
    expect(m.expected).toBe(m.published);
    expect(m.delivered + m.lost + m.dropped + m.pending).toBe(m.expected);
    expect(m.lost).toBeGreaterThan(0);
    expect(m.workers.reduce((sum, w) => sum + w.deliveries, 0)).toBeGreaterThan(0.9 * m.published);
  });
});
