/** What a run record keeps for a reviewer: provenance (with the request budget asked), targets, a name, deletion, and its place in the report. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { designHash } from '../../simulator/export';
import { loadDesign } from '../../simulator/model';
import type { RunResult } from '../../simulator/run';
import { evaluateTargets } from '../../simulator/run';
import { nextEvent, openedServices, PRESETS_DIR } from './test-support';
import type { WorkbenchServices } from './types';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const loaded = loadDesign(CATALOG);
if (!loaded.ok) throw new Error('the catalogue preset does not load');
const design = loaded.design;

const { services, disposeAll } = openedServices();
afterAll(async () => {
  await disposeAll();
});

async function finishedRun(s: WorkbenchServices, label: string, seed = 7): Promise<string> {
  const ended = nextEvent(s, 'onDidRunEnd', (p) => p.summary.label === label);
  const { runId } = await s.startRun({ text: CATALOG, label, seed, requests: 20_000 });
  await ended;
  return runId;
}

describe('run records', () => {
  it('records the seed, the speed, the design hash and the targets checked against the result', async () => {
    const s = services();
    const runId = await finishedRun(s, 'seeded');
    const { summary, result } = await s.getRun({ runId });
    expect(design.targets.length).toBeGreaterThan(0);
    expect(summary.provenance).toEqual({ seed: 7, speed: null, designHash: designHash(design), targets: design.targets, requests: 20_000 });
    expect(summary.provenance?.designHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.targets).toEqual(evaluateTargets(design.targets, result as unknown as RunResult));
    expect(summary.targets?.map((t) => t.text)).toEqual(design.targets);
    expect((await s.listRuns())[0].targets).toEqual(summary.targets);
  });

  it('renames a run, keeps the name across a restart, and refuses an empty name', async () => {
    const s = services();
    const runId = await finishedRun(s, 'before');
    expect(await s.renameRun({ runId, label: '  after  ' })).toMatchObject({ runId, label: 'after' });
    expect((await s.listRuns()).find((r) => r.runId === runId)?.label).toBe('after');
    const again = services({ dataDir: s.dataDir });
    expect((await again.getRun({ runId })).summary.label).toBe('after');
    await expect(s.renameRun({ runId, label: '   ' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.renameRun({ runId: 'run-nope', label: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('deletes a finished run from the history and from disk, and refuses to delete one still going', async () => {
    const s = services();
    const runId = await finishedRun(s, 'doomed');
    const file = join(s.dataDir, 'runs', `${runId}.json`);
    expect(existsSync(file)).toBe(true);
    await expect(s.deleteRun({ runId })).resolves.toEqual({ ok: true });
    expect((await s.listRuns()).map((r) => r.runId)).not.toContain(runId);
    await expect(s.getRun({ runId })).rejects.toMatchObject({ code: 'not-found' });
    expect(existsSync(file)).toBe(false);
    expect((await services({ dataDir: s.dataDir }).listRuns()).map((r) => r.runId)).not.toContain(runId);

    const { runId: going } = await s.startRun({ text: CATALOG, requests: 1_000_000_000 });
    await expect(s.deleteRun({ runId: going })).rejects.toMatchObject({ code: 'busy' });
    const ended = nextEvent(s, 'onDidRunEnd', (p) => p.runId === going);
    await s.cancelRun({ runId: going });
    await ended;
    await expect(s.deleteRun({ runId: going })).resolves.toEqual({ ok: true });
  });

  it('puts the chosen runs in the review report, by name, with their targets; without one it says how to choose', async () => {
    const s = services();
    const a = await finishedRun(s, 'seed seven', 7);
    const b = await finishedRun(s, 'seed eight', 8);
    const md = (await s.previewExport({ text: CATALOG, runIds: [a, b] })).find((f) => f.path === 'report.md')?.text ?? '';
    expect(md).toContain('## Run results');
    expect(md).toMatch(/\| metric \| seed seven \| seed eight \|/);
    expect(md).toMatch(/\| engine \| sim, seed 7, [^|]*, virtual time \| sim, seed 8, /);
    expect(md).toContain(`| design sha256 | ${designHash(design)} (this design) | ${designHash(design)} (this design) |`);
    expect(md).toContain('## Assertions');
    expect(md).toContain(`| seed seven | \`${design.targets[0]}\` |`);
    expect(md).toContain('Over time (seed eight):');
    const html = (await s.previewExport({ text: CATALOG, runIds: [a] })).find((f) => f.path === 'report.html')?.text ?? '';
    expect(html).toContain('data-chart="hit-ratio"');
    const empty = (await s.previewExport({ text: CATALOG })).find((f) => f.path === 'report.md')?.text ?? '';
    expect(empty).toContain('choose runs under "Runs in the report" in the Export view');
    expect(empty).not.toContain('--run');
    await expect(s.previewExport({ text: CATALOG, runIds: ['run-nope'] })).rejects.toMatchObject({ code: 'not-found' });
  });
});
