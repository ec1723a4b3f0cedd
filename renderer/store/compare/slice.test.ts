import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../electron/common';
import { createWorkbenchStore } from '..';
import { comparedStatus, curveGroups, designKeyOf, selectGoingCompared } from './selectors';
import { DEFAULT_VARY_SETTINGS, varyRunInput, varySets } from './slice';
import type { MissRatioCurve } from './slice';

function summary(runId: string, status: RunSummary['status'], designHash: string | null = null): RunSummary {
  return {
    runId, label: `label ${runId}`, designName: `design ${designHash ?? '?'}`, environment: 'prod', engine: 'sim', status, startedAt: '2026-01-01T00:00:00Z',
    hitRatio: null, p95Ms: null, error: null, provenance: { seed: 1, speed: null, designHash, targets: [], requests: null },
  };
}

const curve = (workingSetBytes: number): MissRatioCurve => {
  const points = [{ maxmemoryBytes: 1, hitRatio: 0.5 }, { maxmemoryBytes: workingSetBytes, hitRatio: 0.9 }];
  return { policy: 'allkeys-lru', sampleRate: 1, requests: 1000, cappedFrom: null, points, workingSetBytes, memoryFor: [], reference: { points, memoryFor: [] } };
};

describe('compare slice', () => {
  it('keeps picked runs in order, the first being the baseline', () => {
    const store = createWorkbenchStore();
    store.getState().toggleCompared('b');
    store.getState().toggleCompared('a');
    store.getState().toggleCompared('c');
    store.getState().toggleCompared('a');
    expect(store.getState().selected).toEqual(['b', 'c']);
  });

  it('turns "vary one parameter" into one --set per value, up to 20 values', () => {
    expect(varySets({ path: 'server.maxmemory', values: '16mb, 64mb,,256mb' })).toEqual({
      ok: true, runs: ['16mb', '64mb', '256mb'].map((value) => ({ label: `server.maxmemory=${value}`, set: [`server.maxmemory=${value}`] })),
    });
    expect(varySets({ path: 'server.maxmemory', values: '16mb' })).toMatchObject({ ok: false });
    expect(varySets({ path: 'not a path', values: 'a,b' })).toMatchObject({ ok: false });
    const twenty = Array.from({ length: 20 }, (_, i) => `${i + 1}mb`).join(',');
    expect(varySets({ path: 'server.maxmemory', values: twenty })).toMatchObject({ ok: true, runs: { length: 20 } });
    expect(varySets({ path: 'server.maxmemory', values: `${twenty},21mb` })).toMatchObject({ ok: false, error: expect.stringMatching(/At most 20 values/) });
  });

  it('varies a TTL to none with the cell\'s jitter set to 0% in the same run (a jitter is rejected with ttl: none)', () => {
    expect(varySets({ path: 'ttlMatrix.product.prod.ttl', values: '5m, none' })).toEqual({
      ok: true,
      runs: [
        { label: 'ttlMatrix.product.prod.ttl=5m', set: ['ttlMatrix.product.prod.ttl=5m'] },
        { label: 'ttlMatrix.product.prod.ttl=none', set: ['ttlMatrix.product.prod.ttl=none', 'ttlMatrix.product.prod.jitter=0%'] },
      ],
    });
  });

  it('starts the vary settings at the design\'s own (simulator, no seed, no budget) and turns them into run input', () => {
    const store = createWorkbenchStore();
    expect(store.getState().varySettings).toEqual(DEFAULT_VARY_SETTINGS);
    expect(varyRunInput(DEFAULT_VARY_SETTINGS)).toEqual({ ok: true, input: { engine: 'sim' } });
    // A simulator run has no speed, whatever the select held.
    expect(varyRunInput({ ...DEFAULT_VARY_SETTINGS, speed: '10', requests: ' 20000 ', seed: '0' })).toEqual({ ok: true, input: { engine: 'sim', requests: 20000, seed: 0 } });
    expect(varyRunInput({ engine: 'managed', environment: 'dev', seed: '', requests: '', speed: 'max' })).toEqual({ ok: true, input: { engine: 'managed', environment: 'dev', speed: 'max' } });
    expect(varyRunInput({ ...DEFAULT_VARY_SETTINGS, seed: '-1' })).toMatchObject({ ok: false, error: expect.stringMatching(/"-1" is not a seed/) });
    store.getState().setVaryError('old');
    store.getState().setVarySettings({ requests: '5000' });
    expect(store.getState()).toMatchObject({ varyError: null, varySettings: { ...DEFAULT_VARY_SETTINGS, requests: '5000' } });
  });

  it('tells a compared run waiting in line (with its place), running, or ended; "cancel all" takes the first two', () => {
    const store = createWorkbenchStore();
    store.getState().setHistory({ status: 'ready', value: [summary('a', 'queued'), summary('b', 'queued'), summary('c', 'running'), summary('d', 'done'), summary('e', 'queued')] });
    store.getState().receiveQueued('a', 3);
    store.getState().receiveQueued('b', 0); // left the line: it is starting
    store.getState().receiveRunEnd(summary('e', 'cancelled'));
    const s = store.getState();
    expect(['a', 'b', 'c', 'd', 'e', 'zz'].map((id) => comparedStatus(s, id))).toEqual([
      { status: 'queued', place: 3 }, { status: 'running' }, { status: 'running' }, { status: 'ended' }, { status: 'ended' }, { status: 'unknown' },
    ]);
    store.getState().setCompared(['a', 'b', 'c', 'd', 'e']);
    expect(selectGoingCompared(store.getState())).toEqual(['a', 'b', 'c']);
  });

  it('draws one curve per distinct design, each run on its own; designs with the same curve share one', () => {
    const runs = [summary('1', 'done', 'h1'), summary('2', 'done', 'h2'), summary('3', 'done', 'h1'), summary('4', 'done', null)];
    expect(designKeyOf(runs[3])).toBe('run:4');
    const loading = curveGroups(runs, {});
    expect(loading.map((g) => [g.keys, g.runId, g.runs.map((r) => r.runId), g.curve.status])).toEqual([
      [['h1'], '1', ['1', '3'], 'idle'], [['h2'], '2', ['2'], 'idle'], [['run:4'], '4', ['4'], 'idle'],
    ]);
    const different = curveGroups(runs, { h1: { status: 'ready', value: curve(100) }, h2: { status: 'ready', value: curve(200) }, 'run:4': { status: 'loading' } });
    expect(different.map((g) => g.runs.map((r) => r.runId))).toEqual([['1', '3'], ['2'], ['4']]);
    const same = curveGroups(runs, { h1: { status: 'ready', value: curve(100) }, h2: { status: 'ready', value: curve(100) }, 'run:4': { status: 'ready', value: curve(300) } });
    expect(same.map((g) => [g.keys, g.runs.map((r) => r.runId), g.designName])).toEqual([
      [['h1', 'h2'], ['1', '3', '2'], 'design h1, design h2'], [['run:4'], ['4'], 'design ?'],
    ]);
  });
});
