import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan, policyCurve } from '../../run';
import type { RunPlan } from '../../run';
import { policyCurveParallel } from './parallel-curve';

function planOf(file: string, requests: number): RunPlan {
  const loaded = loadDesign(readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return compilePlan(loaded.design, { requests });
}

describe('the policy curve with its mini-simulations in worker threads', () => {
  it('is identical to the sequential curve (TTLs, volatile-lru, sampled keys)', async () => {
    const plan = planOf('presets/session-store.yaml', 200_000);
    // Sizes below the ~60 MB the design keeps live, so that every point differs from the others.
    const options = { maxmemoryValues: [10, 20, 30, 40, 50, 60].map((mb) => mb * 2 ** 20), sampleRate: 0.3 };
    const sequential = policyCurve(plan, options);
    const parallel = await policyCurveParallel(plan, { ...options, threads: 2 });
    expect(parallel.sampleRate).toBeLessThan(1);
    // The points differ from each other (a flat curve would hide a point answered for another).
    expect(new Set(sequential.points.map((p) => p.hitRatio)).size).toBe(sequential.points.length);
    expect(parallel).toEqual(sequential);
  }, 180_000);

  it('is identical with more workers than points, and with one thread (no worker)', async () => {
    const plan = planOf('presets/eviction-shootout.yaml', 100_000);
    const options = { pointCount: 3, sampleRate: 0.5 };
    const sequential = policyCurve(plan, options);
    expect(await policyCurveParallel(plan, { ...options, threads: 5 })).toEqual(sequential);
    expect(await policyCurveParallel(plan, { ...options, threads: 1 })).toEqual(sequential);
  }, 180_000);
});
