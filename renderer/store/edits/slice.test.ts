/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import catalogue from '../../../presets/ecommerce-catalog.yaml?raw';
import { createWorkbenchStore } from '..';
import { appendItem, removeItem, setValue } from '../../yaml/edit';
import { selectDirty } from '../project/selectors';
import { selectCanRedo, selectCanUndo, selectRedoLabel, selectUndoLabel } from './selectors';
import { MAX_EDIT_CHARS, MAX_EDIT_STEPS, TYPING_GROUP_MS, TYPING_LABEL } from './slice';

const doc = { path: null, presetId: 'ecommerce-catalog', name: 'E-commerce catalogue', text: catalogue };
const namespace = { name: 'extra', pattern: 'extra:{id}', cardinality: 10, valueSize: '1kb', skew: { dist: 'uniform' }, dataClass: 'product' };

function opened() {
  const store = createWorkbenchStore();
  store.getState().openDoc(doc);
  return store;
}

const namespaceNames = (store: ReturnType<typeof opened>) => (store.getState().raw?.namespaces as Array<{ name: string }>).map((ns) => ns.name);

describe('edit history', () => {
  it('given a new design, then there is nothing to undo or redo', () => {
    const store = opened();
    expect(selectCanUndo(store.getState())).toBe(false);
    expect(selectCanRedo(store.getState())).toBe(false);
    expect(store.getState().undo()).toBe(false);
    expect(store.getState().redo()).toBe(false);
    expect(store.getState().text).toBe(catalogue);
  });

  it('given an added namespace, when undone, then the text, the design and the dirty flag are back; redo adds it again', () => {
    const store = opened();
    const before = namespaceNames(store);
    store.getState().editText((text) => appendItem(text, ['namespaces'], namespace), 'add namespace extra');
    expect(namespaceNames(store)).toEqual([...before, 'extra']);
    expect(selectUndoLabel(store.getState())).toBe('add namespace extra');

    expect(store.getState().undo()).toBe(true);
    expect(store.getState().text).toBe(catalogue);
    expect(namespaceNames(store)).toEqual(before);
    expect(store.getState().design?.namespaces.map((ns) => ns.name)).toEqual(before);
    expect(selectDirty(store.getState())).toBe(false);
    expect(selectRedoLabel(store.getState())).toBe('add namespace extra');

    expect(store.getState().redo()).toBe(true);
    expect(namespaceNames(store)).toEqual([...before, 'extra']);
    expect(selectDirty(store.getState())).toBe(true);
    expect(selectCanRedo(store.getState())).toBe(false);
  });

  it('given form edits and typing interleaved, then undo walks back through them in order, one step each', () => {
    const store = opened();
    const texts = [catalogue];
    store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '7m'), 'TTL');
    texts.push(store.getState().text);
    store.getState().setText(`${store.getState().text}# a`, { kind: 'typing', atMs: 0 });
    store.getState().setText(`${store.getState().text}b`, { kind: 'typing', atMs: 200 });
    texts.push(store.getState().text);
    store.getState().editText((text) => removeItem(text, ['namespaces'], 0), 'remove namespace');
    texts.push(store.getState().text);
    expect(store.getState().undoStack.map((step) => step.label)).toEqual(['TTL', TYPING_LABEL, 'remove namespace']);
    for (let i = texts.length - 2; i >= 0; i--) {
      store.getState().undo();
      expect(store.getState().text).toBe(texts[i]);
    }
    for (let i = 1; i < texts.length; i++) {
      store.getState().redo();
      expect(store.getState().text).toBe(texts[i]);
    }
  });

  it('groups keystrokes closer than the typing window into one step, and starts a new one after a pause', () => {
    const store = opened();
    let text = catalogue;
    const type = (char: string, atMs: number) => {
      text += char;
      store.getState().setText(text, { kind: 'typing', atMs });
    };
    type('#', 0);
    type('a', TYPING_GROUP_MS - 1);
    type('b', 2 * TYPING_GROUP_MS - 2);
    const afterFirstBurst = text;
    type('c', 3 * TYPING_GROUP_MS + 10);
    expect(store.getState().undoStack).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().text).toBe(afterFirstBurst);
    store.getState().undo();
    expect(store.getState().text).toBe(catalogue);
  });

  it('a new edit after an undo drops what could have been redone', () => {
    const store = opened();
    store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '7m'), 'first');
    store.getState().undo();
    expect(selectCanRedo(store.getState())).toBe(true);
    store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '9m'), 'second');
    expect(selectCanRedo(store.getState())).toBe(false);
    expect(store.getState().undoStack.map((step) => step.label)).toEqual(['second']);
  });

  it('a refused form edit and a change to the same text record nothing', () => {
    const store = opened();
    const refused = store.getState().editText(() => ({ ok: false, error: 'no' }), 'refused');
    expect(refused.ok).toBe(false);
    store.getState().setText(catalogue);
    expect(selectCanUndo(store.getState())).toBe(false);
  });

  it('opening another design, or closing it, starts a new history', () => {
    const store = opened();
    store.getState().editText((text) => setValue(text, ['ttlMatrix', 'product', 'prod', 'ttl'], '7m'), 'TTL');
    store.getState().undo();
    store.getState().openDoc({ ...doc, presetId: null, text: 'version: 1\nname: other\n' });
    expect(store.getState().undoStack).toEqual([]);
    expect(store.getState().redoStack).toEqual([]);
    store.getState().setText('version: 1\nname: other2\n');
    store.getState().closeProject();
    expect(selectCanUndo(store.getState())).toBe(false);
  });

  it(`keeps the newest ${MAX_EDIT_STEPS} steps`, () => {
    const store = opened();
    for (let i = 0; i < MAX_EDIT_STEPS + 5; i++) store.getState().setText(`${catalogue}# ${i}\n`, { kind: 'edit', label: `step ${i}` });
    const stack = store.getState().undoStack;
    expect(stack).toHaveLength(MAX_EDIT_STEPS);
    expect(stack[0].label).toBe('step 5');
  });

  it('keeps fewer steps of a big design, within the character budget', () => {
    const store = createWorkbenchStore();
    const big = `version: 1\nname: big\n# ${'x'.repeat(Math.ceil(MAX_EDIT_CHARS / 4))}\n`;
    store.getState().openDoc({ ...doc, text: big });
    for (let i = 0; i < 10; i++) store.getState().setText(`${big}# ${i}\n`, { kind: 'edit', label: `step ${i}` });
    const stack = store.getState().undoStack;
    expect(stack.reduce((sum, step) => sum + step.before.length, 0)).toBeLessThanOrEqual(MAX_EDIT_CHARS);
    expect(stack.map((step) => step.label)).toEqual(['step 7', 'step 8', 'step 9']);
  });
});
