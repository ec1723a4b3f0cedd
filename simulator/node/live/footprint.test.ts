import { afterAll, describe, expect, it } from 'vitest';
import { managedServerPids, startManagedRedis, type ManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { MARGIN_BYTES, MARGIN_FRACTION } from './eviction-guard';
import { estimateFootprint, upperBoundKeysBytes } from './footprint';
import { LiveEngine } from './live-engine';
import { smallPlan } from './test-support';

const started: ManagedRedis[] = [];
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('the footprint estimate of a live run', () => {
  it('covers, with its margin, what the run\'s keys and buffers really added to used_memory on a shared server, without overshooting wildly', async () => {
    const server = await startManagedRedis();
    started.push(server);
    // 2 s TTLs in a 4 s run: the keys never all exist at once, which the simulated estimate knows.
    const plan = smallPlan({ keys: 20_000, valueSize: '1kb', rate: '4000/s', duration: '4s', ttl: '2s' });
    const runId = 'footprint';
    const estimate = await estimateFootprint(plan, { prefixBytes: `kw:${runId}:`.length, pipelineDepth: 1024, connections: 2 });
    expect(estimate.method).toBe('simulated');
    const result = await new LiveEngine({ target: { url: server.url }, runId, pipelineDepth: 1024 }).run(plan);
    expect(result.error).toBeUndefined();
    const grewBytes = result.cache.peakMemoryBytes - result.live.baselineMemoryBytes;
    expect(grewBytes).toBeGreaterThan(2_000_000);
    expect(grewBytes).toBeLessThanOrEqual(estimate.peakBytes * (1 + MARGIN_FRACTION) + MARGIN_BYTES);
    // The keys alone: within 15 % of the simulator's peak (INFO is sampled, so the live peak is a lower bound).
    expect(grewBytes).toBeGreaterThan(0.85 * estimate.keysBytes);
    // The analytic bound (every key at once) is far above: the simulation is what lets such a run through.
    expect(upperBoundKeysBytes(plan, `kw:${runId}:`.length)).toBeGreaterThan(1.5 * estimate.keysBytes);
  }, 60_000);

  it('falls back to the upper bound when the plan takes longer to simulate than its budget', async () => {
    const plan = smallPlan({ keys: 20_000, valueSize: '1kb', rate: '4000/s', duration: '4s', ttl: '2s' });
    const bounded = await estimateFootprint(plan, { prefixBytes: 20, pipelineDepth: 64, connections: 2, budgetMs: 0 });
    const simulated = await estimateFootprint(plan, { prefixBytes: 20, pipelineDepth: 64, connections: 2 });
    expect(bounded.method).toBe('upper-bound');
    expect(bounded.keysBytes).toBe(upperBoundKeysBytes(plan, 20));
    expect(bounded.keysBytes).toBeGreaterThan(simulated.keysBytes);
    expect(bounded.buffersBytes).toBe(simulated.buffersBytes);
  });
});
