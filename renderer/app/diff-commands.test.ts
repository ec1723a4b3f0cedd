/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import catalogue from '../../presets/ecommerce-catalog.yaml?raw';
import type { MethodInput, WorkbenchApi } from '../../electron/common';
import { WorkbenchError } from '../../electron/common';
import { localClient } from '../api';
import { createWorkbenchStore } from '../store';
import { createCommands } from './commands';

type Calls = Array<{ method: string; input: unknown }>;

function setup(answers: Partial<Record<keyof WorkbenchApi, (input: never) => unknown>>, doc = { path: null as string | null, presetId: 'ecommerce-catalog' as string | null }) {
  const calls: Calls = [];
  const api = new Proxy({}, {
    get: (_target, name: string) => (input: unknown) => {
      calls.push({ method: name, input });
      const answer = (answers as Record<string, ((input: unknown) => unknown) | undefined>)[name];
      return answer ? Promise.resolve(answer(input)) : Promise.reject(new WorkbenchError('unavailable', `${name} not faked`));
    },
  }) as WorkbenchApi;
  const store = createWorkbenchStore();
  const commands = createCommands({ api: localClient(api), store, newId: () => 'id' });
  store.getState().openDoc({ ...doc, name: 'Catalogue', text: catalogue });
  return { calls, store, commands };
}

const summary = { runId: 'r1', label: 'vary', designName: 'Catalogue', environment: 'prod', engine: 'sim' as const, status: 'done' as const, startedAt: '2026-01-01T00:00:00.000Z', hitRatio: 0.9, p95Ms: 1, error: null };

describe('design diff commands', () => {
  it('reads the saved side from the file without opening it, or from the shipped preset', async () => {
    const saved = setup({ readProject: () => ({ path: '/w/c.yaml', presetId: null, name: 'c', text: 'on disk' }) }, { path: '/w/c.yaml', presetId: null });
    expect(await saved.commands.readDiffSide('saved', '')).toEqual({ label: '/w/c.yaml', text: 'on disk' });
    expect(saved.calls).toEqual([{ method: 'readProject', input: { path: '/w/c.yaml' } }]);
    const preset = setup({ openPreset: () => ({ path: null, presetId: 'ecommerce-catalog', name: 'c', text: 'shipped' }) });
    expect((await preset.commands.readDiffSide('saved', '')).text).toBe('shipped');
    await expect(setup({}, { path: null, presetId: null }).commands.readDiffSide('saved', '')).rejects.toThrow('not been saved yet');
  });

  it('reads a run side from the design its record kept, and says when an older record kept none', async () => {
    const kept = setup({ getRun: () => ({ summary, result: null, fidelity: null, designText: 'ran this' }) });
    expect(await kept.commands.readDiffSide('run:r1', '')).toEqual({ label: 'run vary', text: 'ran this' });
    const old = setup({ getRun: () => ({ summary, result: null, fidelity: null }) });
    await expect(old.commands.readDiffSide('run:r1', '')).rejects.toThrow('recorded before runs kept their design');
    await expect(old.commands.readDiffSide('file', '  ')).rejects.toThrow('Type the path');
  });

  it('runs both sides on the simulator with one seed and budget, each labelled', async () => {
    let next = 0;
    const { calls, commands } = setup({ startRun: () => ({ runId: `r${++next}` }), listRuns: () => [] });
    expect(await commands.runDiffPair({ label: 'saved', text: 'A' }, { label: 'open', text: 'B' }, { seed: 3, requests: 5000 })).toEqual({ a: 'r1', b: 'r2' });
    const starts = calls.filter((c) => c.method === 'startRun').map((c) => c.input as MethodInput<'startRun'>);
    expect(starts).toEqual([
      { text: 'A', engine: 'sim', seed: 3, requests: 5000, set: [], label: 'diff A: saved' },
      { text: 'B', engine: 'sim', seed: 3, requests: 5000, set: [], label: 'diff B: open' },
    ]);
  });
});
