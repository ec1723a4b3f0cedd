/**
 * Run history written by an earlier version: a fidelity run (a real managed redis-server) is saved,
 * then its file is rewritten as a version before the eviction guard, the recorded speed and the
 * memory-besides-keys report would have written it. The history still shows it, read as that
 * version meant it, and says what was not recorded; the engines' own schemas stay strict.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fidelityReportSchema, runResultSchema } from '../../simulator/run';
import { NEW_PROJECT_TEXT } from './new-project';
import { nextEvent, testServices } from './test-support';
import type { WorkbenchServices } from './types';

const opened: WorkbenchServices[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
});

type Json = Record<string, unknown>;
const live = (result: Json): Json => result.live as Json;

/** What a file saved before those fields existed looks like: the later fields deleted. */
function asEarlierVersion(record: { result: Json; fidelity: Json }): void {
  for (const result of [record.result, record.fidelity.live as Json]) {
    delete live(result).foreignKeysEvicted;
    delete live(result).speed;
  }
  delete record.fidelity.namespaces;
  delete record.fidelity.clockPhaseMs;
  delete record.fidelity.simNonKeyMemory;
  record.fidelity.simOverheadBytes = 0;
}

describe('run history saved by an earlier version', () => {
  it('reads a fidelity run saved before live.speed, live.foreignKeysEvicted and the fidelity memory fields, and names them', async () => {
    const s = testServices();
    opened.push(s);
    const short = NEW_PROJECT_TEXT.replace('rate: 1000/s, duration: 2m', 'rate: 5000/s, duration: 2s');
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 90_000);
    const { runId } = await s.startRun({ text: short, engine: 'fidelity', label: 'old fidelity' });
    expect((await ended).summary).toMatchObject({ status: 'done', error: null });

    const file = join(s.dataDir, 'runs', `${runId}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8')) as { summary: Json; result: Json; fidelity: Json };
    asEarlierVersion(record);
    writeFileSync(file, JSON.stringify(record));
    // What the engines produce is still held to every field.
    expect(runResultSchema.safeParse(record.result).success).toBe(false);
    expect(fidelityReportSchema.safeParse(record.fidelity).success).toBe(false);

    const again = testServices({ dataDir: s.dataDir });
    opened.push(again);
    const summary = (await again.listRuns()).find((r) => r.runId === runId);
    expect(summary).toMatchObject({ label: 'old fidelity', status: 'done', error: null });
    const read = await again.getRun({ runId });
    expect(read.result?.live).toMatchObject({ speed: 1, foreignKeysEvicted: 0 });
    expect(read.result?.warnings).toContain('Saved by an earlier version that did not record live.foreignKeysEvicted (0), live.speed (1); read as shown.');
    expect(read.fidelity).toMatchObject({ namespaces: [], clockPhaseMs: 0, simNonKeyMemory: { source: 'modelled', startupBytes: 876_500 } });
    expect(read.fidelity?.notes).toContain('Saved by an earlier version that did not record namespaces, clockPhaseMs (0), simNonKeyMemory; read as shown.');
    // The rest of the run reads as it was saved.
    expect(read.result?.requests).toBe(record.result.requests);
    expect(read.fidelity?.diff).toEqual(record.fidelity.diff);
  }, 120_000);

  it('still refuses a damaged result, naming the field', async () => {
    const s = testServices();
    opened.push(s);
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 60_000);
    const { runId } = await s.startRun({ text: NEW_PROJECT_TEXT, requests: 5_000 });
    await ended;
    const file = join(s.dataDir, 'runs', `${runId}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8')) as { result: Json };
    delete record.result.requests;
    writeFileSync(file, JSON.stringify(record));
    const again = testServices({ dataDir: s.dataDir });
    opened.push(again);
    const summary = (await again.listRuns()).find((r) => r.runId === runId);
    expect(summary?.error).toBe('the saved result cannot be read by this version (requests: Invalid input: expected number, received undefined)');
  });
});
