/**
 * Time-scaled live runs tell the simulator's story: a TTL-driven preset run live at --speed 10x and
 * --speed max agrees with the simulator on the same scaled plan within the fidelity targets (hit
 * ratio ±0.5 pp, expired keys ±2 %), against a redis-server the engine starts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSpeed, simulate, type SpeedRequest } from '../../run';
import { managedServerPids } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { compareResults } from './fidelity';
import { LiveEngine } from './live-engine';
import { presetPlan, smallPlan } from './test-support';

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

/**
 * The jittered thundering herd, shortened: 2000 tiles with a 20 s TTL ± 20 %, read uniformly
 * (each key every 4 s at the peak), so every tile expires and is loaded again about three times
 * in the 90 s plan. Without the cache warmer: the live engine does not prewarm yet. The rates are
 * the preset's halved (5 000 requests/s at 10×, 8 000/s at 16×) so a client sharing two busy
 * cores keeps its lag far below the 1.6 s shortest TTL; at twice that pace and a load average of
 * 17 the lag reached 0.7 s and expired keys drifted by up to 8 %.
 */
const plan = presetPlan('thundering-herd-jitter.yaml', [
  { path: 'traffic.phases.0.rate', value: '250/s' },
  { path: 'traffic.phases.1.rate', value: '500/s' },
  { path: 'traffic.phases.1.duration', value: '70s' },
  { path: 'ttlMatrix.tile.prod.ttl', value: '20s' },
  { path: 'namespaces.tiles.prewarm', value: false },
]);

async function liveAndSim(speed: SpeedRequest) {
  const choice = resolveSpeed(plan, speed);
  if (!choice.ok) throw new Error(choice.reason);
  const live = await new LiveEngine({ target: 'managed', speed }).run(plan);
  const sim = simulate(choice.scale.plan);
  return { live, sim, scale: choice.scale, diff: compareResults(sim, live) };
}

function explain(run: Awaited<ReturnType<typeof liveAndSim>>): string {
  const { diff, live } = run;
  return `hit ratio sim ${diff.hitRatio.sim} live ${diff.hitRatio.live}; expired sim ${diff.expiredKeys.sim} live ${diff.expiredKeys.live}; lag p99 ${live.live.pacing.lagP99Ms} ms; ${live.warnings.join(' | ')}`;
}

describe('a TTL-driven preset run live, time-scaled', () => {
  it('at --speed 10x agrees with the simulator on the plan sped up 10×', async () => {
    const run = await liveAndSim(10);
    const { live, sim, diff } = run;
    expect(live.error, explain(run)).toBeUndefined();
    expect(live.partial).toBe(false);
    expect(live.live.speed).toBe(10);
    expect(live.warnings[0]).toMatch(/The plan ran 10× faster than written/);
    expect(live.requests).toBe(sim.requests);
    // A test of TTLs, not of a quiet cache: every key expires several times.
    expect(sim.cache.expiredKeys).toBeGreaterThan(5000);
    expect(live.durationMs).toBeGreaterThanOrEqual(9000);
    expect(live.durationMs).toBeLessThan(12_000);
    expect(diff.hitRatio.met, explain(run)).toBe(true);
    expect(diff.expiredKeys.met, explain(run)).toBe(true);
  }, 40_000);

  it('at --speed max runs at the fastest factor the client paces and agrees with the simulator at that factor', async () => {
    const run = await liveAndSim('max');
    const { live, sim, diff, scale } = run;
    expect(live.error, explain(run)).toBeUndefined();
    expect(live.partial).toBe(false);
    // The client could pace 80× (40 000 requests/s over the plan's peak of 500/s), but the
    // shortest TTL, 16 s (20 s − 20 %), is not sped up below 1 s: 16×.
    expect(scale.speed).toBe(16);
    expect(live.live.speed).toBe(16);
    expect(live.warnings[0]).toMatch(/--speed max ran the plan at 16×, the fastest pace that keeps Redis's clock on the plan's \(the TTLs of tiles \(20 s\) run out within its traffic; no TTL sped up below 1 s\)/);
    expect(live.requests).toBe(sim.requests);
    expect(sim.cache.expiredKeys).toBeGreaterThan(5000);
    expect(live.durationMs).toBeGreaterThanOrEqual(90_000 / 16);
    expect(live.durationMs).toBeLessThan(8000);
    expect(diff.hitRatio.met, explain(run)).toBe(true);
    expect(diff.expiredKeys.met, explain(run)).toBe(true);
  }, 40_000);

  it('refuses --speed max before touching any server where no factor works, and says why', async () => {
    // 20 million requests/s: the client would have to run it 500× slower than written.
    const result = await new LiveEngine({ target: { url: 'redis://127.0.0.1:1/0' }, speed: 'max' }).run(smallPlan({ ttl: '2s', duration: '5s', rate: '20000000/s' }));
    expect(result.error?.code).toBe('config');
    expect(result.error?.message).toMatch(/--speed max cannot run this plan: the TTLs of items \(2 s\), lists \(2 s\) run out within its traffic/);
    expect(result.live.speed).toBe('max');
    expect(result.requests).toBe(0);
  });
});
