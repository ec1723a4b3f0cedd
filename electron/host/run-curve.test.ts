/**
 * Each run keeps what it was made from: its request budget is recorded, and its own design's curve
 * can be drawn later. The curve is the design's own policy's (with TTLs and invalidation), the
 * exact-LRU stack curve beside it as a reference, held to the app's request budget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CURVE_REQUESTS } from '../../simulator/run';
import type { CurveJson } from '../common';
import { nextEvent, openedServices, PRESETS_DIR } from './test-support';
import type { WorkbenchServices } from './types';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const SESSIONS = readFileSync(join(PRESETS_DIR, 'session-store.yaml'), 'utf8');

/** Each "memory for" is the first point of the policy curve (not the reference) reaching its target. */
function expectMemoryForFromPolicyCurve(curve: CurveJson): void {
  expect(curve.memoryFor.map((m) => m.hitRatio)).toEqual([0.8, 0.9, 0.95]);
  for (const target of curve.memoryFor) {
    expect(target.maxmemoryBytes).toBe(curve.points.find((p) => p.hitRatio >= target.hitRatio)?.maxmemoryBytes ?? null);
  }
}

const { services, disposeAll } = openedServices();

afterAll(async () => {
  await disposeAll();
});

async function finished(s: WorkbenchServices, input: Parameters<WorkbenchServices['startRun']>[0]): Promise<string> {
  const { runId } = await s.startRun(input);
  const end = await nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId);
  expect(end.summary.status).toBe('done');
  return runId;
}

describe('a run\'s own design', () => {
  it('records the request budget asked for (null: the design\'s own)', async () => {
    const s = services();
    const budget = await finished(s, { text: CATALOG, requests: 12_000, seed: 3 });
    expect((await s.getRun({ runId: budget })).summary.provenance).toMatchObject({ requests: 12_000, seed: 3, speed: null });
    expect((await s.getRun({ runId: budget })).result?.requests).toBe(12_000);
    const own = await finished(s, { text: CATALOG, set: ['traffic.phases.0.duration=5s', 'traffic.phases.1.duration=5s'] });
    expect((await s.getRun({ runId: own })).summary.provenance?.requests).toBeNull();
  });

  it('draws each run\'s curve from the design it ran, not the one open now; a deleted run has none', async () => {
    const s = services();
    const small = await finished(s, { text: CATALOG, requests: 20_000, set: ['namespaces.0.cardinality=500'] });
    const large = await finished(s, { text: CATALOG, requests: 20_000 });
    const [smallCurve, largeCurve] = await Promise.all([s.runCurve({ runId: small }), s.runCurve({ runId: large })]);
    // 500 products instead of 10 000: a much smaller working set, and fewer cold misses once it fits.
    expect(smallCurve.workingSetBytes).toBeLessThan(largeCurve.workingSetBytes);
    expect(smallCurve.points.at(-1)?.hitRatio).toBeGreaterThan(largeCurve.points.at(-1)?.hitRatio ?? 1);
    // Read back by a restarted host, from disk.
    const again = services({ dataDir: s.dataDir });
    expect(await again.runCurve({ runId: small })).toEqual(smallCurve);

    await s.deleteRun({ runId: small });
    await expect(s.runCurve({ runId: small })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.runCurve({ runId: '../../etc/passwd' })).rejects.toMatchObject({ code: 'not-found' });

    // A record written before runs kept their design has no curve, and says so.
    const file = join(s.dataDir, 'runs', `${large}.json`);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { designText?: string };
    delete saved.designText;
    writeFileSync(file, JSON.stringify(saved));
    await expect(services({ dataDir: s.dataDir }).runCurve({ runId: large })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/did not keep its design/) });
  });

  it('is the design\'s own policy with its TTLs, beside the exact-LRU reference, computed in a worker', async () => {
    const curve = await services().missRatioCurve({ text: SESSIONS });
    expect(curve.policy).toBe('volatile-lru');
    expect(curve.cappedFrom).toBeNull();
    expect(curve.points.length).toBe(curve.reference.points.length);
    expect(curve.points.map((p) => p.maxmemoryBytes)).toEqual(curve.reference.points.map((p) => p.maxmemoryBytes));
    // Sessions expire: with the whole working set the design's curve stays well under exact LRU's.
    const last = curve.points.at(-1)?.hitRatio ?? 1;
    expect(last).toBeLessThan((curve.reference.points.at(-1)?.hitRatio ?? 0) - 0.03);
    expectMemoryForFromPolicyCurve(curve);
    // The reference's own answers stay with it (exact LRU reaches 80 %, the design does not).
    expect(curve.reference.memoryFor[0].maxmemoryBytes).not.toBeNull();
    expect(curve.memoryFor[0].maxmemoryBytes).toBeNull();
  });

  it('cuts a design over the app\'s budget to its first requests, and says so', async () => {
    // An hour of peak at 1000/s: ~3.7 M requests.
    const text = CATALOG.replace('rate: 1000/s, duration: 10m', 'rate: 1000/s, duration: 60m');
    expect(text).not.toBe(CATALOG);
    const curve = await services().missRatioCurve({ text });
    expect(curve.requests).toBe(APP_CURVE_REQUESTS);
    expect(curve.cappedFrom).toBeGreaterThan(3_000_000);
    expect(curve.sampleRate).toBeLessThan(1);
    expectMemoryForFromPolicyCurve(curve);
  }, 120_000);
});
