/**
 * The RunResult schema against what the simulated engines really return: every result and every
 * streamed snapshot, as the JSON a file or the WorkbenchApi carries, parses — and parses to itself,
 * so no field an engine writes is missing from the schema. A result with a field wrong is refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { SimulatedEngine, simulate } from '../engine';
import { compilePlan } from '../plan';
import type { Snapshot } from './snapshot';
import { runResultSchema } from './run-result';
import { snapshotSchema } from './snapshot';

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function presetPlan(name: string, requests: number) {
  const loaded = loadDesign(readFileSync(`presets/${name}`, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { requests });
}

/** Runs a preset, keeping every snapshot it streams. */
function run(name: string, requests: number) {
  const snapshots: Snapshot[] = [];
  const result = simulate(presetPlan(name, requests), { snapshot: (s) => snapshots.push(s), progress: () => {} });
  return { result, snapshots };
}

describe('the RunResult schema', () => {
  it('given a simulated cache run, when its result and snapshots travel as JSON, then they parse to themselves', () => {
    const { result, snapshots } = run('ecommerce-catalog.yaml', 30_000);
    const json = asJson(result);
    expect(runResultSchema.parse(json)).toEqual(json);
    expect(result.series.length).toBeGreaterThan(2);
    expect(snapshots.length).toBeGreaterThan(2);
    for (const snapshot of snapshots) expect(snapshotSchema.parse(asJson(snapshot))).toEqual(asJson(snapshot));
  });

  it('given a pub/sub design, when it runs, then its pubsub section and pub/sub snapshots parse to themselves', () => {
    const { result, snapshots } = run('realtime-notifications.yaml', 20_000);
    expect(result.pubsub?.classes.length).toBeGreaterThan(0);
    expect(snapshots.some((s) => s.pubsub !== undefined)).toBe(true);
    const json = asJson(result);
    expect(runResultSchema.parse(json)).toEqual(json);
    for (const snapshot of snapshots) expect(snapshotSchema.parse(asJson(snapshot))).toEqual(asJson(snapshot));
  });

  it('given a run stopped early, when its partial result travels as JSON, then it parses to itself', async () => {
    const plan = presetPlan('thundering-herd.yaml', 200_000);
    const signal = { aborted: false };
    const engine = new SimulatedEngine({ chunkRequests: 5_000, yieldToHost: async () => { signal.aborted = true; } });
    const result = await engine.run(plan, undefined, signal);
    expect(result.partial).toBe(true);
    const json = asJson(result);
    expect(runResultSchema.parse(json)).toEqual(json);
  });

  it('refuses a result with a field missing, of the wrong type, not a number, or of another version, naming the field', () => {
    const good = asJson(run('session-store.yaml', 5_000).result) as Record<string, unknown>;
    const broken = (edit: (r: { cache: Record<string, unknown>; series: Array<Record<string, unknown>>; version: unknown }) => void) => {
      const copy = structuredClone(good) as Parameters<typeof edit>[0];
      edit(copy);
      const parsed = runResultSchema.safeParse(copy);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(broken(() => {})).toEqual([]);
    expect(broken((r) => { delete r.cache.hits; })).toEqual(['cache.hits']);
    expect(broken((r) => { r.cache.hitRatio = '97%'; })).toEqual(['cache.hitRatio']);
    // NaN becomes null in JSON: a number that was not one is refused, never passed on as a gap.
    expect(broken((r) => { r.series[1].p95Ms = null; })).toEqual(['series.1.p95Ms']);
    expect(broken((r) => { r.version = 2; })).toEqual(['version']);
  });
});
