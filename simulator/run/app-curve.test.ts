import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { APP_CURVE_MIN_KEYS, APP_CURVE_REQUESTS, APP_CURVE_SIMULATED, appCurve, appCurveBudget, plannedRequests } from './app-curve';
import { compilePlan } from './plan';
import { policyCurve } from './policy-curve';

const loaded = loadDesign(readFileSync('presets/ecommerce-catalog.yaml', 'utf8'));
if (!loaded.ok) throw new Error('the catalog preset does not load');
const design = loaded.design;

describe('the app\'s curve', () => {
  it('cuts only plans over the request cap, to the cap', () => {
    const own = compilePlan(design, {});
    expect(plannedRequests(own)).toBeGreaterThan(500_000);
    expect(appCurveBudget(own)).toBeNull();
    expect(appCurveBudget(compilePlan(design, { requests: APP_CURVE_REQUESTS + 1 }))).toBe(APP_CURVE_REQUESTS);
    expect(appCurveBudget(compilePlan(design, { requests: 1000 }), 500)).toBe(500);
  });

  it('is policyCurve\'s curve, sampled harder once the points would simulate more than the work cap', () => {
    // Small: within the cap, the very curve `keyspace mrc` computes.
    const small = compilePlan(design, { requests: 20_000 });
    const curve = appCurve(small, null, 5);
    const mrc = policyCurve(small, { pointCount: 5 });
    expect(curve.points).toEqual(mrc.points);
    expect(curve.reference.points).toEqual(mrc.reference.points);
    expect(curve.memoryFor).toEqual(mrc.memoryFor);
    expect(curve).toMatchObject({ policy: 'allkeys-lru', sampleRate: mrc.sampleRate, requests: 20_000, cappedFrom: null });
    // 400 k requests at 20 points is 8 M simulated with every key: the sample shrinks to fit 6 M.
    const big = compilePlan(design, { requests: 400_000 });
    const keys = big.namespaces.reduce((sum, ns) => sum + ns.cardinality, 0);
    const capped = appCurve(big, 9_000_000);
    expect(capped.sampleRate).toBeCloseTo(Math.max(APP_CURVE_SIMULATED / (20 * 400_000), APP_CURVE_MIN_KEYS / keys), 6);
    expect(capped.sampleRate).toBeLessThan(1);
    expect(capped.cappedFrom).toBe(9_000_000);
  }, 120_000);
});
