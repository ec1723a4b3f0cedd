import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PubsubSpecInput } from '../model';
import { runOf } from './testing';

type Policy = 'drop-oldest' | 'drop-newest' | 'coalesce' | 'block';

/** Clients that all read at `speed` while `rate` messages/s spread over `channels` channels. */
function slowClients(policy: Policy, queueLimit: number, options: { rate?: string; speed?: string; channels?: number } = {}): PubsubSpecInput {
  const channels = options.channels ?? 1;
  return {
    channels: [{
      name: 'feed', pattern: channels > 1 ? 'feed:{id}' : 'feed', count: channels,
      publishRate: options.rate ?? '50/s', class: 'default', arrivals: 'even',
    }],
    workers: { count: 1 },
    clients: { total: 20, speed: options.speed ?? '10/s' },
    backpressure: { queueLimit, policy },
    drain: '0s',
  };
}

describe('per-client queues', () => {
  it('never hold more than the queue limit, whatever the policy and speeds (property)', () => {
    fc.assert(fc.property(
      fc.constantFrom<Policy>('drop-oldest', 'drop-newest', 'coalesce', 'block'),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 1000 }),
      (policy, queueLimit, rate, speed, channels, seed) => {
        const m = runOf({
          ...slowClients(policy, queueLimit, { rate: `${rate}/s`, speed: `${speed}/s`, channels }),
          clients: { total: 20, speed: '1000/s', slow: { share: '50%', speed: `${speed}/s` } },
        }, 3000, seed).metrics;
        expect(m.peakQueueLength).toBeLessThanOrEqual(queueLimit);
        expect(m.delivered + m.dropped + m.lost + m.pending).toBe(m.expected);
      },
    ), { numRuns: 60 });
  });

  it('fill to the limit and drop the overflow for clients slower than the publish rate', () => {
    const m = runOf(slowClients('drop-oldest', 16), 10_000).metrics;
    expect(m.peakQueueLength).toBe(16);
    expect(m.dropped).toBeGreaterThan(0);
    // A client takes 10/s of the 50/s: about a fifth is delivered, the rest dropped or still queued.
    expect(m.delivered / m.expected).toBeCloseTo(0.2, 1);
  });

  it('deliver fresher messages with drop-oldest than with drop-newest', () => {
    const oldest = runOf(slowClients('drop-oldest', 16), 10_000).metrics;
    const newest = runOf(slowClients('drop-newest', 16), 10_000).metrics;
    expect(oldest.fanout.p99Ms).toBeLessThan(newest.fanout.p99Ms);
    expect(oldest.delivered).toBe(newest.delivered);
  });

  it('keep at most one waiting message per channel when coalescing (latest wins)', () => {
    const m = runOf(slowClients('coalesce', 100, { channels: 3 }), 10_000).metrics;
    expect(m.peakQueueLength).toBeLessThanOrEqual(1 + 3);
    expect(m.dropped).toBeGreaterThan(0);
    expect(m.fanout.p99Ms).toBeLessThan(1000);
  });

  it('drop nothing under block, which holds the worker and piles up Redis output buffers', () => {
    const m = runOf({
      ...slowClients('block', 16, { rate: '200/s' }),
      channels: [{ name: 'feed', pattern: 'feed', publishRate: '200/s', class: 'default', arrivals: 'even', payload: '64kb' }],
      topology: { outputBufferLimit: { hard: '4mb', soft: '1mb', softFor: '2s' } },
    }, 20_000).metrics;
    expect(m.dropped).toBe(0);
    expect(m.connections.outputBufferDisconnects).toBeGreaterThan(0);
    expect(m.lost).toBeGreaterThan(0);
    expect(m.peakOutputBufferBytes).toBeGreaterThan(1024 * 1024);
    expect(m.delivered + m.lost + m.pending).toBe(m.expected);
  });

  it('trip the soft limit only after the buffer stays over it for softFor', () => {
    const spec = (softFor: string): PubsubSpecInput => ({
      ...slowClients('block', 16, { rate: '200/s' }),
      channels: [{ name: 'feed', pattern: 'feed', publishRate: '200/s', class: 'default', arrivals: 'even', payload: '4kb' }],
      topology: { outputBufferLimit: { hard: '0b', soft: '256kb', softFor } },
    });
    expect(runOf(spec('1s'), 10_000).metrics.connections.outputBufferDisconnects).toBeGreaterThan(0);
    expect(runOf(spec('1h'), 10_000).metrics.connections.outputBufferDisconnects).toBe(0);
  });
});
