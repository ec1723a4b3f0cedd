/**
 * The app's design diff and `keyspace diff` print the same thing for the same two designs: the runs
 * the app makes through its services (the run queue, the worker) keep the design they ran, and
 * diffDesigns over those designs and results gives the CLI's text to the character.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffDesigns } from '../../simulator/export';
import { loadDesign } from '../../simulator/model';
import type { Design } from '../../simulator/model';
import type { RunResult } from '../../simulator/run';
import { runCli } from '../../simulator/node/cli/test-cli';
import { nextEvent, PRESETS_DIR, testServices } from './test-support';

const BEFORE = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const AFTER = BEFORE.replace(/maxmemory: \S+/, 'maxmemory: 8mb');
const services = testServices();
afterAll(() => services.dispose());

function designOf(text: string | undefined): Design {
  const loaded = loadDesign(text ?? '');
  if (!loaded.ok) throw new Error(`the run kept no loadable design: ${JSON.stringify(loaded.errors[0])}`);
  return loaded.design;
}

async function run(text: string, label: string): Promise<{ design: Design; result: RunResult }> {
  const ended = nextEvent(services, 'onDidRunEnd', (p) => p.summary.label === label, 60_000);
  const { runId } = await services.startRun({ text, label, seed: 11, requests: 20_000 });
  await ended;
  const record = await services.getRun({ runId });
  if (!record.result) throw new Error(`${label} has no result: ${record.summary.error ?? record.summary.status}`);
  return { design: designOf(record.designText), result: record.result as RunResult };
}

describe('design diff, app and CLI', () => {
  it('prints the CLI text from the designs and results the app recorded', async () => {
    expect(AFTER).not.toBe(BEFORE);
    const [a, b] = [await run(BEFORE, 'diff before'), await run(AFTER, 'diff after')];
    const app = diffDesigns(a.design, b.design, { a: a.result, b: b.result });
    writeFileSync(join(services.workspaceDir, 'before.yaml'), BEFORE);
    writeFileSync(join(services.workspaceDir, 'after.yaml'), AFTER);
    const cli = await runCli('diff', join(services.workspaceDir, 'before.yaml'), join(services.workspaceDir, 'after.yaml'), '--seed', '11', '--requests', '20000');
    expect(cli.code).toBe(0);
    expect(app.changes.map((c) => c.path)).toEqual(['server.maxmemory']);
    expect(app.metrics.length).toBeGreaterThan(0);
    expect(cli.out).toBe(app.text);
  });

  it('keeps the design a run ran with its overrides applied, and reads a file without adding it to Recent', async () => {
    const ended = nextEvent(services, 'onDidRunEnd', (p) => p.summary.label === 'set');
    const { runId } = await services.startRun({ text: BEFORE, label: 'set', set: ['server.maxmemory=3mb'], requests: 2000 });
    await ended;
    expect(designOf((await services.getRun({ runId })).designText).server.maxmemory).toBe(designOf(BEFORE.replace(/maxmemory: \S+/, 'maxmemory: 3mb')).server.maxmemory);
    writeFileSync(join(services.workspaceDir, 'peek.yaml'), AFTER);
    const doc = await services.readProject({ path: 'peek.yaml' });
    expect(doc.text).toBe(AFTER);
    expect((await services.listRecent({})).map((entry) => entry.path)).not.toContain(doc.path);
  });
});
