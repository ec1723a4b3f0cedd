/**
 * Failure timelines executed for real on managed servers: a Sentinel failover, and a primary
 * restarted with RDB and with no persistence. Short timings (down-after 1 s, runs of 6–8 s).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan, simulate, type RunResult } from '../../run';
import { managedServerPids } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { compareFailures, formatFailureFidelity } from '../../run';
import { failureScenarioOf } from './failure-scenario';
import { LiveEngine } from './live-engine';
import type { LiveRunResult } from './live-types';
import { smallDesignYaml, type SmallDesignOptions } from './test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

/** The live run of a small design with a failure timeline, and the simulator's run of the same plan. */
async function runBoth(options: SmallDesignOptions, shards?: number): Promise<{ live: LiveRunResult; sim: RunResult }> {
  const loaded = loadDesign(smallDesignYaml({ keys: 2000, rate: '2000/s', ...options }));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const failures = failureScenarioOf(loaded.design);
  const target = shards ? 'managed-cluster' : 'managed';
  const plan = compilePlan(loaded.design, { environment: 'dev' });
  const live = await new LiveEngine({ target, shards, failures, alignStart: false }).run(plan);
  expect(live.error, live.error?.message).toBeUndefined();
  return { live, sim: simulate(plan) };
}

async function runLive(options: SmallDesignOptions, shards?: number): Promise<LiveRunResult> {
  return (await runBoth(options, shards)).live;
}

/** Issue 19's tolerances, simulator against the real servers: unavailable ±2 s, hit-ratio dip depth ±2 pp. */
function expectSimulatorAgrees(sim: RunResult, live: LiveRunResult): void {
  const rows = compareFailures(sim, live);
  console.info(formatFailureFidelity(rows));
  expect(rows.length, 'both engines have the event').toBeGreaterThan(0);
  expect(rows.filter((row) => row.met === false), formatFailureFidelity(rows)).toEqual([]);
}

const show = (result: LiveRunResult): string => JSON.stringify({ failures: result.failures, gaps: result.live?.gaps });

describe('a failure timeline the live engine refuses', () => {
  const design = loadDesign(smallDesignYaml({
    serverFields: 'replication: { replicas: 1, sentinel: { sentinels: 3, quorum: 2, downAfter: 1000ms } }',
    sections: 'failures:\n  - { kind: sentinel-failover, at: 1s }\n',
  }));
  if (!design.ok) throw new Error(JSON.stringify(design.errors));
  const plan = compilePlan(design.design, { environment: 'dev' });
  const failures = failureScenarioOf(design.design);
  if (!failures) throw new Error('the design has a failure timeline');
  // validate refuses such a design; the engine refuses a scenario built without its check too.
  const withoutReplicas = { ...failures, replicas: 0, sentinel: undefined };

  it('before starting anything: on a user\'s server, at --speed max, or without the replicas and sentinels it needs', async () => {
    const onUrl = await new LiveEngine({ target: { url: 'redis://127.0.0.1:1' }, failures }).run(plan);
    expect(onUrl.error?.message).toMatch(/never on a user's server/);
    const unpaced = await new LiveEngine({ target: 'managed', failures, speed: 'max' }).run(plan);
    expect(unpaced.error?.message).toMatch(/needs paced time/);
    const bare = await new LiveEngine({ target: 'managed', failures: withoutReplicas }).run(plan);
    expect(bare.error?.message).toMatch(/sentinel-failover needs server\.replication\.replicas ≥ 1 and server\.replication\.sentinel/);
    for (const result of [onUrl, unpaced, bare]) expect(result.error?.code).toBe('config');
  });
});

describe('a live run through a failure timeline', () => {
  it('rides a Sentinel failover: the primary killed at 3 s, a replica promoted, the run goes on, as the simulator predicts', async () => {
    const { live: result, sim } = await runBoth({
      duration: '7s',
      serverFields: 'replication: { replicas: 1, sentinel: { sentinels: 3, quorum: 2, downAfter: 1000ms, failoverTimeout: 3s } }',
      clientFields: 'commandTimeout: 500ms, onRedisError: origin',
      sections: 'failures:\n  - { kind: sentinel-failover, at: 3s }\n',
    });
    const [event] = result.failures?.events ?? [];
    expect(event, show(result)).toBeDefined();
    expect(event.kind).toBe('sentinel-failover');
    // Down-after (1 s) plus the election and promotion; under load up to a few seconds more.
    expect(event.unavailableMs, show(result)).toBeGreaterThanOrEqual(900);
    expect(event.unavailableMs, show(result)).toBeLessThan(7000);
    expect(event.errors).toBeGreaterThan(0);
    expect(event.fellThrough).toBe(event.errors);
    expect(event.failedRequests).toBe(0);
    // The replica was in sync: a warm failover, the cache kept.
    expect(event.keysLost, show(result)).toBeLessThan(200);
    expect(event.hitRatioBefore).toBeGreaterThan(0.5);
    expect(event.hitRatioMin, show(result)).toBeGreaterThan(event.hitRatioBefore - 0.15);
    expect(event.recoveryMs, show(result)).not.toBeNull();
    expect(result.live?.gaps.every((gap) => gap.endMs !== null)).toBe(true);
    // Traffic went on after the promotion.
    expect(result.series.filter((s) => s.tMs > event.atMs + event.unavailableMs + 500).some((s) => s.requests > 0)).toBe(true);
    // The simulator's prediction of the same scenario: the window (down-after + promotion) and the dip.
    expectSimulatorAgrees(sim, result);
  }, 30_000);

  it('restarts a crashed primary warm with RDB and cold with no persistence', async () => {
    // A small keyspace, nearly all cached by the crash: what the last RDB missed is small.
    // The RDB run also goes through a partition (the primary paused 1.5 s) once it recovered.
    const crash = (mode: string, more = ''): SmallDesignOptions => ({
      keys: 600,
      duration: '7s',
      serverFields: `persistence: { mode: ${mode}, rdbEvery: 1s }`,
      clientFields: 'commandTimeout: 500ms',
      sections: `failures:\n  - { kind: primary-crash, at: 3s, restartAfter: 500ms }\n${more}`,
    });
    const rdb = await runLive(crash('rdb', '  - { kind: partition, at: 5s, duration: 1500ms }\n'));
    const { live: none, sim: noneSim } = await runBoth(crash('none'));
    console.info(formatFailureFidelity(compareFailures(noneSim, none)));
    const [warm, partition] = rdb.failures?.events ?? [];
    const [cold] = none.failures?.events ?? [];
    const both = `rdb: ${show(rdb)}\nnone: ${show(none)}`;
    expect(warm?.kind, both).toBe('primary-crash');
    expect(cold?.kind, both).toBe('primary-crash');
    // Both were down from the kill to the restart (500 ms) and the reconnect.
    for (const event of [warm, cold]) {
      expect(event.unavailableMs, both).toBeGreaterThanOrEqual(400);
      expect(event.unavailableMs, both).toBeLessThan(5000);
      expect(event.errors, both).toBeGreaterThan(0);
    }
    // No persistence: every key gone. RDB every second: at most the last second or so of writes.
    expect(cold.keysLost, both).toBeGreaterThan(200);
    expect(warm.keysLost, both).toBeLessThan(cold.keysLost / 2);
    // The cold cache dips deeper.
    expect(cold.hitRatioBefore - cold.hitRatioMin, both).toBeGreaterThan(warm.hitRatioBefore - warm.hitRatioMin + 0.1);
    expect(none.failures?.recommendations.join('\n'), both).toMatch(/keys were lost: with persistence none/);
    // The partition: no reply from the first command timeout (500 ms in) until the primary resumed.
    expect(partition?.kind, both).toBe('partition');
    expect(partition.unavailableMs, both).toBeGreaterThanOrEqual(500);
    expect(partition.unavailableMs, both).toBeLessThan(3000);
    expect(partition.keysLost, both).toBe(0);
    // The copy-on-write the last BGSAVE cost (INFO persistence), measured only where something forks.
    expect(rdb.failures?.forkHeadroomBytes, both).toBeGreaterThan(0);
    expect(none.failures?.forkHeadroomBytes).toBeUndefined();
  }, 40_000);

  it('rides a cluster shard failover: a master killed, its replica takes over, the run goes on', async () => {
    const result = await runLive({
      duration: '7s',
      serverFields: 'cluster: true, replication: { replicas: 1, nodeTimeout: 2s }',
      clientFields: 'commandTimeout: 500ms',
      sections: 'failures:\n  - { kind: shard-failover, at: 2s, shard: 1 }\n',
    }, 3);
    const [event] = result.failures?.events ?? [];
    expect(event, show(result)).toBeDefined();
    expect(result.failures?.recommendations.filter((line) => /shard-failover at/.test(line)), show(result)).toEqual([]);
    // cluster-node-timeout (2 s) before the replica may take over (a majority of 3 masters agrees).
    expect(event.unavailableMs, show(result)).toBeGreaterThanOrEqual(1500);
    expect(event.unavailableMs, show(result)).toBeLessThan(12_000);
    expect(event.errors).toBeGreaterThan(0);
    expect(event.keysLost, show(result)).toBeLessThan(100);
    expect(result.series.filter((s) => s.tMs > event.atMs + event.unavailableMs + 300).some((s) => s.requests > 0)).toBe(true);
  }, 40_000);
});
