import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CachePolicy } from '../cache';
import { loadDesign } from '../model';
import { sweepCurve } from './miss-ratio-curve';
import { compilePlan } from './plan';
import type { RunPlan } from './plan';
import { policyCurve } from './policy-curve';

/** 15 % of item requests are writes that delete the key; list pages are DELeted by an explicit invalidation. */
const INVALIDATION_HEAVY = `
version: 1
name: invalidation heavy
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 150000, valueSize: { dist: lognormal, p50: 600b, p99: 4kb }, skew: { dist: zipf, alpha: 0.9 }, dataClass: item, readWrite: 85/15 }
  - { name: lists, pattern: "list:{page}", cardinality: 2000, valueSize: 4kb, skew: { dist: zipf, alpha: 1.0 }, dataClass: item }
ttlMatrix:
  item: { dev: { ttl: 10m, jitter: 10% }, staging: { ttl: 10m }, prod: { ttl: 10m } }
invalidation:
  - { on: items, action: delete }
server: { maxmemory: 64mb, maxmemoryPolicy: allkeys-lru }
origin: { latency: 2ms, maxConcurrency: 1000 }
traffic:
  phases: [{ shape: steady, rate: 1000/s, duration: 300s }]
  operations:
    - { namespace: items, op: mixed, weight: 90 }
    - { namespace: lists, op: read, weight: 10 }
    - { namespace: lists, op: invalidate, weight: 1 }
`;

function planOf(file: string, requests: number, policy?: CachePolicy): RunPlan {
  const loaded = loadDesign(file.endsWith('.yaml') ? readFileSync(file, 'utf8') : file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const plan = compilePlan(loaded.design, { requests });
  return policy ? { ...plan, server: { ...plan.server, policy } } : plan;
}

/** Largest gap (percentage points) between the curve and full simulations at its sizes. */
function worstGapPp(plan: RunPlan, pointCount: number): { gapPp: number; rows: string[]; sampleRate: number; spanPp: number } {
  const curve = policyCurve(plan, { pointCount });
  const full = sweepCurve(plan, curve.points.map((p) => p.maxmemoryBytes));
  const rows = curve.points.map((p, i) => `${(p.maxmemoryBytes / 1e6).toFixed(1)} MB: curve ${(100 * p.hitRatio).toFixed(2)} %, full ${(100 * full[i].hitRatio).toFixed(2)} %`);
  const gaps = curve.points.map((p, i) => Math.abs(p.hitRatio - full[i].hitRatio) * 100);
  const spanPp = (full[full.length - 1].hitRatio - full[0].hitRatio) * 100;
  return { gapPp: Math.max(...gaps), rows, sampleRate: curve.sampleRate, spanPp };
}

// Each design has more keys than the curve samples, so every point comes from sampled
// mini-simulations, and each spans small caches (1/8 of the working set) to the working set.
const DESIGNS: Array<{ name: string; file: string; requests: number; policy?: CachePolicy }> = [
  { name: 'TTL-driven (session store: 24 h sessions, 60 s users ± 10 %, volatile-lru)', file: 'presets/session-store.yaml', requests: 300_000 },
  { name: 'volatile-ttl over a TTL matrix (with write-through, ttl-only and delete rules)', file: 'presets/realtime-ops-ttl-matrix.yaml', requests: 300_000, policy: 'volatile-ttl' },
  { name: 'allkeys-lfu (eviction shootout: two 100 k-key namespaces)', file: 'presets/eviction-shootout.yaml', requests: 300_000, policy: 'allkeys-lfu' },
  { name: 'invalidation-heavy (15 % writes that delete their key, explicit DELs of list pages)', file: INVALIDATION_HEAVY, requests: 300_000 },
];

describe('the miss-ratio curve of the design as it is', () => {
  for (const design of DESIGNS) {
    it(`is within 0.5 pp of a full simulation at every size: ${design.name}`, () => {
      const { gapPp, rows, sampleRate, spanPp } = worstGapPp(planOf(design.file, design.requests, design.policy), 8);
      expect(sampleRate).toBeLessThan(1);
      // A curve that does not move with maxmemory would make the comparison empty.
      expect(spanPp).toBeGreaterThan(5);
      expect(gapPp, rows.join('\n')).toBeLessThanOrEqual(0.5);
    }, 300_000);
  }

  it('is the full simulation itself when every key is sampled', () => {
    const plan = planOf('presets/session-store.yaml', 60_000);
    const curve = policyCurve(plan, { pointCount: 4, sampleRate: 1 });
    const full = sweepCurve(plan, curve.points.map((p) => p.maxmemoryBytes));
    curve.points.forEach((p, i) => expect(p.hitRatio).toBeCloseTo(full[i].hitRatio, 12));
  }, 120_000);

  it('reads the memory for a target from its own points, not from the LRU reference', () => {
    const plan = planOf('presets/session-store.yaml', 60_000);
    const curve = policyCurve(plan, { pointCount: 6, targets: [0.5] });
    const first = curve.points.find((p) => p.hitRatio >= 0.5);
    expect(curve.memoryFor).toEqual([{ hitRatio: 0.5, maxmemoryBytes: first?.maxmemoryBytes ?? null }]);
  }, 120_000);
});
