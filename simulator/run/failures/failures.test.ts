import { describe, expect, it } from 'vitest';
import { compilePlan } from '../plan';
import { simulate } from '../engine';
import { SimRun } from '../sim-run';
import { failureDesign, runFailures } from './testing';
import type { FailureDesignOptions } from './testing';
import { MANUAL_FAILOVER_MS, pubsubFailuresOf, PROMOTION_MS } from './plan';
import { evaluateTargets } from '../assertions';

const CRASH = '  - { kind: primary-crash, at: 25s, restartAfter: 3s }';
const SENTINEL = '  replication: { replicas: 1, lag: 2s, sentinel: { sentinels: 3, quorum: 2, downAfter: 2s } }';

function only(options: FailureDesignOptions) {
  const result = runFailures({ duration: '40s', ...options });
  const events = result.failures?.events ?? [];
  expect(events).toHaveLength(1);
  return { result, event: events[0] };
}

describe('simulated failures', () => {
  it('restarts cold with no persistence and warm from the last RDB snapshot', () => {
    const cold = only({ failures: CRASH, server: '  persistence: { mode: none }' });
    const warm = only({ failures: CRASH, server: '  persistence: { mode: rdb, rdbEvery: 10s }' });
    // none: every cached key is gone; rdb: only the keys first SET after the 20 s snapshot.
    expect(cold.event.keysLost).toBeGreaterThan(3000);
    expect(warm.event.keysLost).toBeLessThan(cold.event.keysLost / 10);
    expect(cold.event.hitRatioBefore).toBeGreaterThan(0.9);
    expect(warm.event.recoveryMs).not.toBeNull();
    expect(warm.event.recoveryMs ?? 0).toBeLessThanOrEqual(3000 + 2000);
    // A cold cache needs the traffic to refill it: recovery takes far longer, and the recommendation says so.
    expect(cold.event.recoveryMs ?? Number.POSITIVE_INFINITY).toBeGreaterThan((warm.event.recoveryMs ?? 0) + 5000);
    expect(cold.result.failures?.recommendations.join('\n')).toMatch(/prewarm the critical namespaces/);
    expect(warm.result.failures?.recommendations.join('\n')).not.toMatch(/prewarm/);
    // Targets read the worst event or one event; a cold restart misses a recovery target.
    const outcomes = evaluateTargets(['failures.unavailableMs<=5s', 'failures.0.keysLost>=1', 'failures.recoveryMs<=5s', 'forkHeadroom<=1gb'], cold.result);
    expect(outcomes.map((o) => o.passed)).toEqual([true, true, false, false]);
    expect(outcomes[0].actual).toBe(cold.event.unavailableMs);
    expect(outcomes[3].message).toContain('this run has no forkHeadroom');
    expect(evaluateTargets(['forkHeadroom<=1gb', 'failures.recoveryMs<=5s'], warm.result).map((o) => o.passed)).toEqual([true, true]);
    // Fall-through: while Redis is down every read goes to the origin (the herd).
    expect(cold.event.fellThrough).toBe(cold.event.errors);
    expect(cold.event.originPeakQps).toBeGreaterThan(750);
  });

  it('keeps Redis away for down-after-milliseconds plus the promotion in a Sentinel failover', () => {
    const { event } = only({ failures: '  - { kind: sentinel-failover, at: 20s }', server: SENTINEL });
    // Requests error from the failure until Redis is back (the last timeouts fire at the window's end).
    expect(Math.abs(event.unavailableMs - (2000 + PROMOTION_MS))).toBeLessThan(50);
    expect(event.errors).toBeGreaterThan(0);
  });

  it('answers -LOADING after a restart while the survivors load at loadRate', () => {
    const { event } = only({ failures: CRASH, server: '  persistence: { mode: aof-always, loadRate: 1000/s }' });
    expect(event.keysLost).toBe(0);
    // restartAfter 3 s, then ~3 000–5 000 keys at 1 000/s.
    expect(event.unavailableMs).toBeGreaterThan(3000 + 3000);
    expect(event.unavailableMs).toBeLessThan(3000 + 5000);
  });

  it('errors only on the failed shard\'s keys in a cluster, and briefly at once in a manual failover', () => {
    const cluster = '  cluster: true\n  replication: { replicas: 1, nodeTimeout: 2s }';
    const shard = only({ failures: '  - { kind: shard-failover, at: 20s, shard: 1 }', server: cluster });
    const all = only({ failures: '  - { kind: partition, at: 20s, duration: 3s }', server: cluster });
    expect(shard.event.errors / all.event.errors).toBeGreaterThan(0.2);
    expect(shard.event.errors / all.event.errors).toBeLessThan(0.5);
    const manual = only({ failures: '  - { kind: manual-failover, at: 20s }', server: SENTINEL });
    expect(manual.event.unavailableMs).toBeLessThanOrEqual(MANUAL_FAILOVER_MS);
    expect(manual.event.errors).toBeGreaterThan(200);
  });

  it('loses the writes of the replication lag on promotion, none with WAIT 1', () => {
    const lagging = only({ failures: '  - { kind: sentinel-failover, at: 20s }', server: SENTINEL, readWrite: '70/30' });
    const waited = only({ failures: '  - { kind: sentinel-failover, at: 20s }', server: SENTINEL.replace('lag: 2s,', 'lag: 2s, wait: 1,'), readWrite: '70/30' });
    expect(lagging.event.keysLost).toBeGreaterThan(0);
    expect(waited.event.keysLost).toBe(0);
    expect(lagging.result.failures?.recommendations.join('\n')).toMatch(/WAIT 1/);
  });

  it('shortens a cold recovery with a warm-up of the critical namespaces, at the origin\'s cost', () => {
    const base = { failures: CRASH, server: '  persistence: { mode: none }' };
    const cold = only(base);
    const warmed = only({ ...base, recovery: 'recovery:\n  warmup: { namespaces: [products], rate: 5000/s }' });
    expect(warmed.event.recoveryMs ?? Number.POSITIVE_INFINITY).toBeLessThan((cold.event.recoveryMs ?? Number.POSITIVE_INFINITY) - 5000);
    expect(warmed.result.origin.queries).toBeGreaterThan(cold.result.origin.queries);
    expect(warmed.result.failures?.recommendations.join('\n')).toMatch(/warm-up reloaded \d+ keys at 5000\/s/);
  });

  it('fails the requests (onRedisError: fail) or serves them from the origin (origin)', () => {
    const failing = only({ failures: CRASH, client: '  onRedisError: fail\n  commandTimeout: 200ms' });
    const falling = only({ failures: CRASH, client: '  onRedisError: origin\n  commandTimeout: 200ms' });
    expect(failing.event.failedRequests).toBe(failing.event.errors);
    expect(failing.event.fellThrough).toBe(0);
    expect(falling.event.fellThrough).toBe(falling.event.errors);
    expect(falling.result.origin.queries).toBeGreaterThan(failing.result.origin.queries + falling.event.errors / 2);
    expect(failing.result.failures?.recommendations.join('\n')).toMatch(/requests failed/);
  });

  it('cuts off only the partitioned share of the clients', () => {
    const all = only({ failures: '  - { kind: partition, at: 20s, duration: 4s }' });
    const half = only({ failures: '  - { kind: partition, at: 20s, duration: 4s, share: 50% }' });
    expect(half.event.errors / all.event.errors).toBeGreaterThan(0.4);
    expect(half.event.errors / all.event.errors).toBeLessThan(0.6);
    expect(all.event.keysLost).toBe(0);
  });

  it('is deterministic, and costs nothing when the design has no failures', () => {
    const options = { failures: '  - { kind: primary-crash, at: 10s, restartAfter: 2s }', duration: '20s' };
    expect(JSON.stringify(runFailures(options))).toBe(JSON.stringify(runFailures(options)));
    // A plan sent as JSON (to a worker, to disk) runs the same.
    const plan = compilePlan(failureDesign({ ...options, server: '  persistence: { mode: none }' }));
    expect(JSON.stringify(simulate(JSON.parse(JSON.stringify(plan)) as typeof plan))).toBe(JSON.stringify(simulate(plan)));
    const plain = compilePlan(failureDesign({ failures: '  []', duration: '5s' }));
    expect(plain.failures).toBeUndefined();
    expect(new SimRun(plain).failures).toBeNull();
    expect(simulate(plain).failures).toBeUndefined();
  });

  it('warns about an event after the run\'s end and maps failures onto the pub/sub bus', () => {
    const plan = compilePlan(failureDesign({ failures: '  - { kind: primary-crash, at: 90s }', duration: '10s' }));
    expect(plan.failures?.warnings.join('\n')).toMatch(/failures\[0\]: primary-crash at 90s is at or after the end of the run/);
    const failover = compilePlan(failureDesign({ failures: '  - { kind: sentinel-failover, at: 5s }', server: SENTINEL, duration: '10s' }));
    expect(pubsubFailuresOf(failover.failures!, 1)).toEqual([
      { kind: 'shard-failover', atMs: 5000, worker: -1, node: 0, durationMs: 2000 + PROMOTION_MS, silent: false, share: 1 },
    ]);
  });
});
