import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '..';
import { selectEffectiveTheme } from './selectors';
import { MAX_TOASTS } from './slice';

describe('ui slice', () => {
  it('follows the OS theme unless the user picked one', () => {
    const store = createWorkbenchStore();
    store.getState().setSystemDark(true);
    expect(selectEffectiveTheme(store.getState())).toBe('dark');
    store.getState().setTheme('light');
    expect(selectEffectiveTheme(store.getState())).toBe('light');
  });

  it('keeps the newest toasts and dismisses by id', () => {
    const store = createWorkbenchStore();
    for (let i = 0; i < MAX_TOASTS + 2; i++) store.getState().addToast({ id: `t${i}`, kind: 'info', message: `m${i}` });
    expect(store.getState().toasts.map((t) => t.id)).toEqual(['t2', 't3', 't4', 't5']);
    store.getState().dismissToast('t3');
    expect(store.getState().toasts.map((t) => t.id)).toEqual(['t2', 't4', 't5']);
  });

  it('opens the YAML tab at a line when a problem is clicked', () => {
    const store = createWorkbenchStore();
    store.getState().revealInYaml(12, 3);
    store.getState().revealInYaml(12, 3);
    expect(store.getState()).toMatchObject({ view: 'design', designTab: 'yaml', revealLine: { line: 12, column: 3, seq: 2 } });
  });
});
