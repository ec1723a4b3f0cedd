/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import catalogue from '../../presets/ecommerce-catalog.yaml?raw';
import type { MethodInput, WorkbenchApi } from '../../electron/common';
import { WorkbenchError } from '../../electron/common';
import { localClient } from '../api';
import { createWorkbenchStore } from '../store';
import { createCommands, fileNameFor } from './commands';

type Calls = Array<{ method: string; input: unknown }>;

/** A host that records calls and answers what a test needs (everything else fails loudly). */
function fakeHost(answers: Partial<Record<keyof WorkbenchApi, (input: never) => unknown>>, calls: Calls) {
  return new Proxy({}, {
    get: (_target, name: string) => (input: unknown) => {
      calls.push({ method: name, input });
      const answer = (answers as Record<string, ((input: unknown) => unknown) | undefined>)[name];
      if (!answer) return Promise.reject(new WorkbenchError('unavailable', `${name} not faked`));
      return Promise.resolve(answer(input));
    },
  }) as WorkbenchApi;
}

function setup(answers: Parameters<typeof fakeHost>[0] = {}) {
  const calls: Calls = [];
  const store = createWorkbenchStore();
  let id = 0;
  const commands = createCommands({ api: localClient(fakeHost(answers, calls)), store, newId: () => `t${++id}` });
  store.getState().openDoc({ path: null, presetId: 'ecommerce-catalog', name: 'Catalogue', text: catalogue });
  return { calls, store, commands };
}

describe('commands', () => {
  it('given run options, when Run is pressed, then startRun gets the text and only the options that are set', async () => {
    const { calls, store, commands } = setup({ startRun: () => ({ runId: 'r1' }) });
    store.getState().setRunOptions({ environment: 'dev', seed: '7', requests: '' });
    await commands.run();
    expect(calls[0].method).toBe('startRun');
    const input = calls[0].input as MethodInput<'startRun'>;
    expect(input).toMatchObject({ text: catalogue, engine: 'sim', environment: 'dev', seed: 7, set: [] });
    expect(input.requests).toBeUndefined();
    expect(store.getState()).toMatchObject({ view: 'run', activeRunId: 'r1', starting: false });
  });

  it('refuses to run a design with problems, and says why', async () => {
    const { calls, store, commands } = setup();
    store.getState().setText('version: 1\nname: broken\n');
    expect(await commands.run()).toBeNull();
    expect(calls).toEqual([]);
    expect(store.getState().toasts[0].message).toMatch(/^Fix the \d+ problems? in the design/);
  });

  it('shows the host\'s reason when a run does not start', async () => {
    const { store, commands } = setup();
    await commands.run();
    expect(store.getState().startError).toBe('startRun not faked');
  });

  it('varies one parameter as one labelled run per value, then compares them', async () => {
    let n = 0;
    const { calls, store, commands } = setup({ startRun: () => ({ runId: `v${++n}` }), listRuns: () => [] });
    store.getState().setVary({ path: 'server.maxmemory', values: '16mb, 64mb' });
    await commands.vary();
    const runs = calls.filter((c) => c.method === 'startRun').map((c) => c.input as MethodInput<'startRun'>);
    expect(runs.map((r) => [r.set, r.label])).toEqual([[['server.maxmemory=16mb'], 'server.maxmemory=16mb'], [['server.maxmemory=64mb'], 'server.maxmemory=64mb']]);
    expect(store.getState().selected).toEqual(['v1', 'v2']);
  });

  it('asks for a path on the first save, then saves there and marks the design clean', async () => {
    const { store, commands } = setup({ saveProject: (input: { path: string }) => ({ path: `/work/${input.path}` }), listRecent: () => [] });
    store.getState().setText(`${catalogue}\n# edited\n`);
    await commands.save();
    expect(store.getState().saveAsOpen).toBe(true);
    await commands.saveAs('catalogue.yaml');
    expect(store.getState()).toMatchObject({ path: '/work/catalogue.yaml', saveAsOpen: false });
    expect(store.getState().savedText).toBe(store.getState().text);
  });

  it('discarding a recovery clears the autosave so it is not offered again', async () => {
    const { calls, commands } = setup({ autosave: () => ({ ok: true }) });
    commands.discardRecovery();
    await Promise.resolve();
    expect(calls).toEqual([{ method: 'autosave', input: { text: '', path: null } }]);
  });

  it('names a saved file after the design', () => {
    expect(fileNameFor('E-commerce catalogue (cache-aside)')).toBe('e-commerce-catalogue-cache-aside.yaml');
    expect(fileNameFor('***')).toBe('design.yaml');
  });
});
