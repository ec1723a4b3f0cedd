import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '..';
import { varySets } from './slice';

describe('compare slice', () => {
  it('keeps picked runs in order, the first being the baseline', () => {
    const store = createWorkbenchStore();
    store.getState().toggleCompared('b');
    store.getState().toggleCompared('a');
    store.getState().toggleCompared('c');
    store.getState().toggleCompared('a');
    expect(store.getState().selected).toEqual(['b', 'c']);
  });

  it('turns "vary one parameter" into one --set per value', () => {
    expect(varySets({ path: 'server.maxmemory', values: '16mb, 64mb,,256mb' })).toEqual({ ok: true, sets: ['server.maxmemory=16mb', 'server.maxmemory=64mb', 'server.maxmemory=256mb'] });
    expect(varySets({ path: 'server.maxmemory', values: '16mb' })).toMatchObject({ ok: false });
    expect(varySets({ path: 'not a path', values: 'a,b' })).toMatchObject({ ok: false });
  });
});
