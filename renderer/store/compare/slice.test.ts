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
    expect(varySets({ path: 'server.maxmemory', values: '16mb, 64mb,,256mb' })).toEqual({
      ok: true, runs: ['16mb', '64mb', '256mb'].map((value) => ({ label: `server.maxmemory=${value}`, set: [`server.maxmemory=${value}`] })),
    });
    expect(varySets({ path: 'server.maxmemory', values: '16mb' })).toMatchObject({ ok: false });
    expect(varySets({ path: 'not a path', values: 'a,b' })).toMatchObject({ ok: false });
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
});
