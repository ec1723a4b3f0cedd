/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import catalogue from '../../../presets/ecommerce-catalog.yaml?raw';
import { createWorkbenchStore } from '..';
import { setValue } from '../../yaml/edit';
import { selectAutosaveKey, selectDirty } from './selectors';


const doc = { path: null, presetId: 'ecommerce-catalog', name: 'E-commerce catalogue', text: catalogue };

describe('project slice', () => {
  it('given a preset, when opened, then it is parsed, valid and clean', () => {
    const store = createWorkbenchStore();
    store.getState().openDoc(doc);
    const s = store.getState();
    expect(s.open).toBe(true);
    expect(s.design?.name).toBe('E-commerce catalogue (cache-aside)');
    expect(s.errors).toEqual([]);
    expect(selectDirty(s)).toBe(false);
  });

  it('given a form edit, when applied, then the text, the design and the dirty flag follow', () => {
    const store = createWorkbenchStore();
    store.getState().openDoc(doc);
    const result = store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '10m'));
    expect(result.ok).toBe(true);
    const s = store.getState();
    expect(s.design?.ttlMatrix.product.prod.ttl).toBe('10m');
    expect(s.raw?.ttlMatrix).toMatchObject({ product: { prod: { ttl: '10m' } } });
    expect(selectDirty(s)).toBe(true);
  });

  it('given a wrong value, then the error is located and the last valid design is kept', () => {
    const store = createWorkbenchStore();
    store.getState().openDoc(doc);
    store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '5 parsecs'));
    const s = store.getState();
    expect(s.design).toBeNull();
    expect(s.lastValidDesign?.name).toBe('E-commerce catalogue (cache-aside)');
    expect(s.errors[0]).toMatchObject({ path: 'ttlMatrix.product.prod.ttl', line: 69 });
    expect((s.raw?.ttlMatrix as Record<string, Record<string, { ttl: string }>>).product.prod.ttl).toBe('5 parsecs');
  });

  it('given a syntax error, then raw is null and the error has a line', () => {
    const store = createWorkbenchStore();
    store.getState().openDoc(doc);
    store.getState().setText('version: 1\nname: [oops\n');
    expect(store.getState().raw).toBeNull();
    expect(store.getState().errors[0].line).toBeGreaterThan(0);
  });

  it('marks a dropped file as unsaved, and a save as clean', () => {
    const store = createWorkbenchStore();
    store.getState().openDoc({ ...doc, presetId: null }, { unsaved: true });
    expect(selectDirty(store.getState())).toBe(true);
    store.getState().markSaved('/tmp/a.yaml', catalogue);
    expect(selectDirty(store.getState())).toBe(false);
    expect(store.getState().path).toBe('/tmp/a.yaml');
  });

  it('names the autosave slot by path, else preset, else draft id', () => {
    const store = createWorkbenchStore();
    expect(selectAutosaveKey(store.getState())).toBeNull();
    store.getState().openDoc(doc);
    expect(selectAutosaveKey(store.getState())).toBe('preset:ecommerce-catalog');
    store.getState().markSaved('/tmp/a.yaml', catalogue);
    expect(selectAutosaveKey(store.getState())).toBe('/tmp/a.yaml');
    store.getState().openDoc({ ...doc, presetId: null }, { unsaved: true, draftId: 'd1' });
    expect(selectAutosaveKey(store.getState())).toBe('draft:d1');
  });
});
