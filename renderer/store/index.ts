/**
 * The one store: slices combined here, middleware applied once. Components select with the named
 * selectors exported beside each slice.
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { useStore as useZustand } from 'zustand';
import type { StoreApi } from 'zustand';
import { createCompareSlice } from './compare/slice';
import { createConnectionsSlice } from './connections/slice';
import { createDiffSlice } from './diff/slice';
import { createEditsSlice } from './edits/slice';
import { createProjectSlice } from './project/slice';
import { createRunsSlice } from './runs/slice';
import { createUiSlice } from './ui/slice';
import type { Store } from './types';

export type { Store, Loadable } from './types';
export { IDLE, LOADING } from './types';

/** A fresh store (the app makes one; tests make their own). */
export function createWorkbenchStore() {
  return createStore<Store>()(
    subscribeWithSelector((...a) => ({
      ...createProjectSlice(...a),
      ...createEditsSlice(...a),
      ...createRunsSlice(...a),
      ...createCompareSlice(...a),
      ...createDiffSlice(...a),
      ...createConnectionsSlice(...a),
      ...createUiSlice(...a),
    })),
  );
}

export type WorkbenchStore = ReturnType<typeof createWorkbenchStore>;

/** The app's store. */
export const store: WorkbenchStore = createWorkbenchStore();

/** React hook over the app's store: `useStore(selectDirty)`. */
export function useStore<T>(selector: (state: Store) => T): T {
  return useZustand(store as StoreApi<Store>, selector);
}
