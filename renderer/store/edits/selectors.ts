/** Named selectors of the edit history. */
import type { Store } from '../types';

export const selectCanUndo = (s: Store) => s.open && s.undoStack.length > 0;
export const selectCanRedo = (s: Store) => s.open && s.redoStack.length > 0;
/** "Undo add to namespaces", or null when there is nothing to undo. */
export const selectUndoLabel = (s: Store) => (s.undoStack.length > 0 ? s.undoStack[s.undoStack.length - 1].label : null);
export const selectRedoLabel = (s: Store) => (s.redoStack.length > 0 ? s.redoStack[s.redoStack.length - 1].label : null);
