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
  const saved: Array<{ fileName: string; mime: string; content: unknown }> = [];
  const saveFile = (fileName: string, mime: string, content: unknown) => void saved.push({ fileName, mime, content });
  const commands = createCommands({ api: localClient(fakeHost(answers, calls)), store, newId: () => `t${++id}`, saveFile });
  store.getState().openDoc({ path: null, presetId: 'ecommerce-catalog', name: 'Catalogue', text: catalogue });
  return { calls, store, commands, saved };
}

describe('commands', () => {
  it('downloads the design as it is in the editor, named after its file or its name, without saving it on the host', () => {
    const { calls, store, commands, saved } = setup();
    store.getState().setText(`${catalogue}# edited\n`);
    commands.downloadDesign();
    expect(saved).toEqual([{ fileName: 'catalogue.yaml', mime: 'application/yaml', content: `${catalogue}# edited\n` }]);
    store.getState().markSaved('/work/projects/shop.yaml', store.getState().text);
    commands.downloadDesign();
    expect(saved[1].fileName).toBe('shop.yaml');
    expect(calls).toEqual([]);
  });

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

  it('varies one parameter as one labelled run per value, with the Compare view\'s settings (never the Run view\'s), then compares them', async () => {
    let n = 0;
    const { calls, store, commands } = setup({ startRun: () => ({ runId: `v${++n}` }), listRuns: () => [] });
    // The Run view's settings (a huge budget typed earlier, another engine) are not the vary's.
    store.getState().setRunOptions({ engine: 'managed', seed: '9', requests: '20000000', environment: 'dev' });
    store.getState().setVary({ path: 'server.maxmemory', values: '16mb, 64mb' });
    await commands.vary();
    const runs = calls.filter((c) => c.method === 'startRun').map((c) => c.input as MethodInput<'startRun'>);
    expect(runs.map((r) => [r.set, r.label])).toEqual([[['server.maxmemory=16mb'], 'server.maxmemory=16mb'], [['server.maxmemory=64mb'], 'server.maxmemory=64mb']]);
    expect(runs[0]).toEqual({ text: catalogue, engine: 'sim', set: ['server.maxmemory=16mb'], label: 'server.maxmemory=16mb' });
    expect(store.getState().selected).toEqual(['v1', 'v2']);

    // The Compare view's own settings are what the next vary runs with.
    calls.length = 0;
    store.getState().setVarySettings({ engine: 'managed', requests: '5000', seed: '4', speed: '10', environment: 'staging' });
    await commands.vary();
    expect(calls.filter((c) => c.method === 'startRun').map((c) => c.input)).toEqual(['16mb', '64mb'].map((v) => ({
      text: catalogue, engine: 'managed', environment: 'staging', seed: 4, requests: 5000, speed: 10, set: [`server.maxmemory=${v}`], label: `server.maxmemory=${v}`,
    })));
  });

  it('refuses a vary whose settings are not numbers, saying which, and starts nothing', async () => {
    const { calls, store, commands } = setup({ startRun: () => ({ runId: 'never' }) });
    store.getState().setVary({ path: 'server.maxmemory', values: '16mb, 64mb' });
    store.getState().setVarySettings({ requests: '2e7' });
    await commands.vary();
    expect(calls).toEqual([]);
    expect(store.getState().varyError).toMatch(/"2e7" is not a request budget/);
  });

  it('cancels every compared run still waiting or running, and only those', async () => {
    const { calls, store, commands } = setup({ cancelRun: () => ({ ok: true }) });
    const summary = (runId: string, status: 'queued' | 'running' | 'done') => ({
      runId, label: runId, designName: 'd', environment: 'prod', engine: 'sim' as const, status, startedAt: '2026-01-01T00:00:00Z', hitRatio: null, p95Ms: null, error: null,
    });
    store.getState().setHistory({ status: 'ready', value: [summary('q', 'queued'), summary('r', 'running'), summary('d', 'done'), summary('x', 'queued')] });
    store.getState().setCompared(['q', 'r', 'd']);
    await commands.cancelCompared();
    expect(calls.map((c) => c.input)).toEqual([{ runId: 'q' }, { runId: 'r' }]);
  });

  it('asks for a path on the first save, then saves there and marks the design clean', async () => {
    const { store, commands } = setup({ saveProject: (input: { path: string }) => ({ status: 'saved', path: `/work/${input.path}` }), listRecent: () => [], autosave: () => ({ ok: true }) });
    store.getState().setText(`${catalogue}\n# edited\n`);
    await commands.save();
    expect(store.getState().saveAsOpen).toBe(true);
    await commands.saveAs('catalogue.yaml', false);
    expect(store.getState()).toMatchObject({ path: '/work/catalogue.yaml', saveAsOpen: false });
    expect(store.getState().savedText).toBe(store.getState().text);
  });

  it('given Save As to a file that exists, then nothing is marked saved and the overwrite question is asked', async () => {
    const { calls, store, commands } = setup({ saveProject: (input: { path: string }) => ({ status: 'exists', path: `/work/${input.path}` }) });
    store.getState().setText(`${catalogue}\n# edited\n`);
    expect(await commands.saveAs('taken.yaml', false)).toBe(false);
    expect(calls[0]).toEqual({ method: 'saveProject', input: { path: 'taken.yaml', text: store.getState().text, overwrite: false } });
    expect(store.getState().overwritePrompt).toEqual({ path: '/work/taken.yaml' });
    expect(store.getState().path).toBeNull();
  });

  it('given unsaved edits, opening a preset asks first: Cancel keeps the edits, Discard opens and clears the autosave', async () => {
    const other = { path: null, presetId: 'session-store', name: 'Sessions', text: 'version: 1\nname: Sessions\n' };
    const { calls, store, commands } = setup({ openPreset: () => other, listRecent: () => [], autosave: () => ({ ok: true }), recoverAutosave: () => null });
    const edited = `${catalogue}\n# edited\n`;
    store.getState().setText(edited);
    await commands.openPreset('session-store');
    expect(store.getState().discardPrompt).toEqual({ what: 'open the preset session-store' });
    expect(calls.filter((c) => c.method === 'openPreset')).toEqual([]);
    await commands.answerDiscard('cancel');
    expect(store.getState()).toMatchObject({ discardPrompt: null, text: edited, presetId: 'ecommerce-catalog' });

    await commands.openPreset('session-store');
    await commands.answerDiscard('discard');
    expect(store.getState()).toMatchObject({ text: other.text, presetId: 'session-store' });
    expect(calls.find((c) => c.method === 'autosave')?.input).toEqual({ key: 'preset:ecommerce-catalog', text: '', path: null });
  });

  it('given Discard, when the same design opens again, then the autosave just discarded is not offered back (the clear lands first)', async () => {
    const slots = new Map<string, string>();
    const edited = `${catalogue}\n# edited\n`;
    slots.set('preset:ecommerce-catalog', edited);
    const { store, commands } = setup({
      openPreset: () => ({ path: null, presetId: 'ecommerce-catalog', name: 'Catalogue', text: catalogue }),
      listRecent: () => [],
      // The host writes slowly and reads at once: a clear not awaited would lose the race.
      autosave: (input: { key: string; text: string }) => new Promise((resolve) => setTimeout(() => {
        if (input.text === '') slots.delete(input.key);
        else slots.set(input.key, input.text);
        resolve({ ok: true });
      }, 20)),
      recoverAutosave: (input: { key: string }) => {
        const text = slots.get(input.key);
        return text === undefined ? null : { key: input.key, path: null, presetId: 'ecommerce-catalog', name: 'Catalogue', text, savedAt: '2026-01-01T00:00:00.000Z' };
      },
    });
    store.getState().setText(edited);
    await commands.openPreset('ecommerce-catalog');
    await commands.answerDiscard('discard');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.getState()).toMatchObject({ text: catalogue, recovery: null });
    expect(slots.has('preset:ecommerce-catalog')).toBe(false);
  });

  it('given Save chosen for a design without a file, then the design opens only after Save As saved it', async () => {
    const { store, commands } = setup({ newProject: () => ({ path: null, presetId: null, name: 'New', text: 'version: 1\nname: New\n' }), saveProject: (input: { path: string }) => ({ status: 'saved', path: input.path }), listRecent: () => [], autosave: () => ({ ok: true }) });
    store.getState().setText(`${catalogue}\n# edited\n`);
    await commands.newProject();
    await commands.answerDiscard('save');
    expect(store.getState()).toMatchObject({ saveAsOpen: true, presetId: 'ecommerce-catalog' });
    await commands.saveAs('/work/c.yaml', false);
    expect(store.getState()).toMatchObject({ name: 'New', path: null, saveAsOpen: false });
  });

  it('given Save in the desktop close prompt, then the design is saved before the window closes, and a cancelled or failed save keeps it open', async () => {
    let saves = 0;
    const { store, commands } = setup({ saveProject: (input: { path: string }) => ({ status: 'saved', path: `/work/${input.path}`, n: ++saves }), listRecent: () => [], autosave: () => ({ ok: true }) });
    let closed = 0;
    const close = () => { closed += 1; };
    store.getState().setText(`${catalogue}\n# edited\n`);
    // No file yet: Save As first; cancelling it keeps the window and the edits.
    await commands.saveAndClose(close);
    expect(store.getState().saveAsOpen).toBe(true);
    commands.cancelSaveAs();
    await Promise.resolve();
    expect(closed).toBe(0);
    // Again, saved this time: the window closes once the design is clean.
    await commands.saveAndClose(() => { expect(store.getState().savedText).toBe(store.getState().text); close(); });
    await commands.saveAs('catalogue.yaml', false);
    expect(closed).toBe(1);
    // With a file: saved in place, then closed.
    store.getState().setText(`${catalogue}\n# edited again\n`);
    await commands.saveAndClose(close);
    expect({ closed, saves, dirty: store.getState().savedText !== store.getState().text }).toEqual({ closed: 2, saves: 2, dirty: false });
  });

  it('given Save in the desktop close prompt and a save that fails, then the window stays open with the edits', async () => {
    const { store, commands } = setup({ saveProject: () => { throw new WorkbenchError('io', 'disk full'); }, listRecent: () => [], autosave: () => ({ ok: true }) });
    store.getState().openDoc({ path: '/work/c.yaml', presetId: null, name: 'C', text: catalogue });
    store.getState().setText(`${catalogue}\n# edited\n`);
    let closed = false;
    await commands.saveAndClose(() => { closed = true; });
    expect(closed).toBe(false);
    expect(store.getState().toasts.map((t) => t.message)).toContainEqual(expect.stringMatching(/disk full/));
  });

  it('discarding a recovery clears that design\'s autosave so it is not offered again', async () => {
    const { calls, store, commands } = setup({ autosave: () => ({ ok: true }) });
    store.getState().setRecovery({ key: 'draft:x', path: null, presetId: null, name: 'D', text: 'version: 1\n', savedAt: '2026-01-01T00:00:00.000Z' });
    commands.discardRecovery();
    await Promise.resolve();
    expect(calls).toEqual([{ method: 'autosave', input: { key: 'draft:x', text: '', path: null } }]);
  });

  it('restores an autosave of the open design as one undo step', async () => {
    const { store, commands } = setup();
    const edited = `${catalogue}\n# autosaved\n`;
    commands.recover({ key: 'preset:ecommerce-catalog', path: null, presetId: 'ecommerce-catalog', name: 'C', text: edited, savedAt: '2026-01-01T00:00:00.000Z' });
    expect(store.getState().text).toBe(edited);
    store.getState().undo();
    expect(store.getState().text).toBe(catalogue);
  });

  it('given a seed that is not a whole number, when Run is pressed, then nothing starts and the toast says why', async () => {
    const { calls, store, commands } = setup({ startRun: () => ({ runId: 'r1' }) });
    store.getState().setRunOptions({ seed: '-1.5' });
    expect(await commands.run()).toBeNull();
    expect(calls).toEqual([]);
    expect(store.getState().toasts[0].message).toMatch(/^Fix the run settings first: "-1\.5" is not a seed/);
  });

  it('given a run of one design, when another design opens, then the Run view no longer shows that run', async () => {
    const other = { path: null, presetId: 'session-store', name: 'Sessions', text: 'version: 1\nname: Sessions\n' };
    const { store, commands } = setup({ startRun: () => ({ runId: 'r1' }), openPreset: () => other, listRecent: () => [], recoverAutosave: () => null });
    await commands.run();
    expect(store.getState().activeRunId).toBe('r1');
    await commands.openPreset('session-store');
    expect(store.getState()).toMatchObject({ activeRunId: null, startError: null, name: 'Sessions' });
  });

  it('names a saved file after the design', () => {
    expect(fileNameFor('E-commerce catalogue (cache-aside)')).toBe('e-commerce-catalogue-cache-aside.yaml');
    expect(fileNameFor('***')).toBe('design.yaml');
  });
});
