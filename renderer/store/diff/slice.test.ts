import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '../index';
import { selectCompareTab, selectDiffPair, selectDiffSettings, selectDiffSides } from './selectors';

describe('diff slice', () => {
  it('given the defaults (saved file against the open design), when one side changes, then the other stays and the choices outlive a design being opened', () => {
    const store = createWorkbenchStore();
    expect(selectCompareTab(store.getState())).toBe('runs');
    expect(selectDiffSides(store.getState())).toEqual({ a: { source: 'saved', draft: '', path: '' }, b: { source: 'open', draft: '', path: '' } });
    store.getState().setCompareTab('diff');
    store.getState().setDiffSide('a', { source: 'file', draft: 'x.yaml', path: 'x.yaml' });
    store.getState().setDiffSettings({ requests: '5000' });
    store.getState().setDiffPair({ a: 'r1', b: 'r2', textA: 'A', textB: 'B' });
    store.getState().openDoc({ path: null, presetId: null, name: 'Other', text: 'version: 1\n' });
    expect(selectCompareTab(store.getState())).toBe('diff');
    expect(selectDiffSides(store.getState()).b.source).toBe('open');
    expect(selectDiffSides(store.getState()).a.path).toBe('x.yaml');
    expect(selectDiffSettings(store.getState())).toEqual({ seed: '1', requests: '5000' });
    expect(selectDiffPair(store.getState())?.a).toBe('r1');
  });
});
