import { describe, expect, it } from 'vitest';
import type { MethodOutput, RunSummary, WorkbenchApi } from '../../electron/common';
import { RUN_INTERRUPTED, WorkbenchError } from '../../electron/common';
import { localClient } from '../api';
import { createWorkbenchStore } from '../store';
import { selectActiveStatus } from '../store/runs/selectors';
import { awaitedRuns, createRunCommands, runDownloadText, runFileName } from './run-commands';

const summary: RunSummary = {
  runId: 'run-1', label: 'Seed 7, prod', designName: 'd', environment: 'prod', engine: 'sim', status: 'done',
  startedAt: '2026-01-01T00:00:00Z', hitRatio: 0.5, p95Ms: 2, error: null,
};
const result = {
  version: 1, engine: 'sim', requests: 2, partial: false, cache: { hits: 1, misses: 1, hitRatio: 0.5 },
  latency: { p50Ms: 1, p95Ms: 2, p99Ms: 3 }, namespaces: [{ name: 'items' }],
  series: [{ tMs: 0, hitRatio: 0, namespaceHitRatio: [0] }, { tMs: 1000, hitRatio: 0.5, namespaceHitRatio: [0.5] }],
} as const;
const record = { summary, result, fidelity: null } as unknown as MethodOutput<'getRun'>;

function setup(api: Partial<Record<keyof WorkbenchApi, (input: never) => unknown>>) {
  const store = createWorkbenchStore();
  const saved: Array<{ fileName: string; mime: string; text: string }> = [];
  const toasts: string[] = [];
  const host = new Proxy({}, {
    get: (_t, name: string) => (input: unknown) => {
      const answer = (api as Record<string, ((input: unknown) => unknown) | undefined>)[name];
      return answer ? Promise.resolve().then(() => answer(input)) : Promise.reject(new WorkbenchError('unavailable', `${name} not faked`));
    },
  }) as WorkbenchApi;
  const commands = createRunCommands({
    api: localClient(host), store, saveFile: (fileName, mime, text) => saved.push({ fileName, mime, text: String(text) }),
    toast: (_kind, message) => toasts.push(message), messageOf: (error) => (error as Error).message,
  });
  store.getState().setHistory({ status: 'ready', value: [summary] });
  return { store, saved, toasts, commands };
}

describe('run commands', () => {
  it('names a download after the run and its id', () => {
    expect(runFileName('Seed 7, prod', 'run-1', 'json')).toBe('seed-7-prod-run-1.json');
    expect(runFileName('***', 'run-1', 'csv')).toBe('run-1.csv');
  });

  it('gives the result as JSON that reads back equal, and the series as CSV with a row per snapshot', () => {
    expect(JSON.parse(runDownloadText(record, 'json') ?? '')).toEqual(result);
    expect(runDownloadText(record, 'csv')).toBe('tMs,hitRatio,namespaceHitRatio.items\r\n0,0,0\r\n1000,0.5,0.5\r\n');
    expect(runDownloadText({ ...record, result: null }, 'csv')).toBeNull();
  });

  it('given a run, when downloaded, then the host record is saved as a file; a run without a result says so', async () => {
    const { saved, toasts, commands } = setup({ getRun: () => record });
    await commands.downloadRun('run-1', 'csv');
    expect(saved).toEqual([{ fileName: 'seed-7-prod-run-1.csv', mime: 'text/csv', text: runDownloadText(record, 'csv') }]);
    const empty = setup({ getRun: () => ({ ...record, result: null }) });
    await empty.commands.downloadRun('run-1', 'json');
    expect(empty.saved).toEqual([]);
    expect(empty.toasts[0]).toContain('has no result to download');
    expect(toasts).toEqual([]);
  });

  it('renames through the host and shows the name the host kept; a refusal leaves the name and says why', async () => {
    const { store, toasts, commands } = setup({ renameRun: (input: { label: string }) => ({ ...summary, label: input.label.trim() }) });
    expect(await commands.renameRun('run-1', ' baseline ')).toBe(true);
    const history = store.getState().history;
    expect(history.status === 'ready' && history.value[0].label).toBe('baseline');
    const refused = setup({ renameRun: () => { throw new WorkbenchError('bad-input', 'a run needs a name'); } });
    expect(await refused.commands.renameRun('run-1', '')).toBe(false);
    expect(refused.toasts).toEqual(['Could not rename the run: a run needs a name']);
    expect(toasts).toEqual([]);
  });

  it('deletes through the host, then drops the run from the store', async () => {
    const { store, commands } = setup({ deleteRun: () => ({ ok: true }) });
    await commands.deleteRun('run-1');
    const history = store.getState().history;
    expect(history.status === 'ready' && history.value).toEqual([]);
  });

  it('after the host came back, ends the runs this tab waited for that a restart cut short, and says so once', async () => {
    const asked: string[] = [];
    const failed = (runId: string): RunSummary => ({ ...summary, runId, status: 'failed', error: RUN_INTERRUPTED });
    const { store, toasts, commands } = setup({
      getRun: ((input: { runId: string }) => {
        asked.push(input.runId);
        if (input.runId === 'run-q' || input.runId === 'run-r') return { summary: failed(input.runId), result: null, fidelity: null };
        if (input.runId === 'run-s') return { summary: { ...summary, runId: 'run-s', status: 'running' }, result: null, fidelity: null };
        throw new WorkbenchError('not-found', `No run ${input.runId}`);
      }) as (input: never) => unknown,
    });
    const s = () => store.getState();
    // Waiting: the shown run (3rd in line), one streaming, one still running after the restart, one only listed, one ended before.
    s().setHistory({ status: 'ready', value: [{ ...summary, runId: 'run-q', status: 'queued' }, { ...summary, runId: 'run-gone', status: 'queued' }, summary] });
    s().runStarting();
    s().runStarted('run-q');
    s().receiveQueued('run-q', 3);
    s().receiveSnapshots([{ runId: 'run-r', snapshot: {} as never }, { runId: 'run-s', snapshot: {} as never }], 0);
    expect(selectActiveStatus(s())).toBe('queued');
    expect(awaitedRuns(s()).sort()).toEqual(['run-gone', 'run-q', 'run-r', 'run-s']);
    await commands.settleRuns();
    expect(asked.sort()).toEqual(['run-gone', 'run-q', 'run-r', 'run-s']);
    expect(selectActiveStatus(s())).toBe('failed');
    expect(s().ended['run-q']).toMatchObject({ status: 'failed', error: RUN_INTERRUPTED });
    expect(s().ended['run-r']?.status).toBe('failed');
    // A run the host no longer knows ends as cut short too; one still going is left to its events.
    expect(s().ended['run-gone']).toMatchObject({ status: 'failed', error: RUN_INTERRUPTED });
    expect(s().ended['run-s']).toBeUndefined();
    expect(awaitedRuns(s())).toEqual(['run-s']);
    expect(toasts).toEqual(['3 runs were cut short: the server restarted before they finished; run them again.']);
  });

  it('leaves a run alone when asking after it fails for another reason than the host not knowing it', async () => {
    const { store, toasts, commands } = setup({});
    store.getState().receiveQueued('run-q', 1);
    await commands.settleRuns();
    expect(store.getState().ended).toEqual({});
    expect(toasts).toEqual([]);
  });
});
