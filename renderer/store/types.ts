/** The one store: every slice's state and actions together. */
import type { CompareSlice } from './compare/slice';
import type { ConnectionsSlice } from './connections/slice';
import type { DiffSlice } from './diff/slice';
import type { EditsSlice } from './edits/slice';
import type { ProjectSlice } from './project/slice';
import type { RunsSlice } from './runs/slice';
import type { UiSlice } from './ui/slice';

export type Store = ProjectSlice & EditsSlice & RunsSlice & CompareSlice & DiffSlice & ConnectionsSlice & UiSlice;

/** Something loaded from the host: not yet asked, on its way, there, or failed with a message. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

export const IDLE = { status: 'idle' } as const;
export const LOADING = { status: 'loading' } as const;
