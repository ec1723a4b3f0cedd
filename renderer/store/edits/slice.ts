/**
 * One edit history for the whole design: typing in the YAML editor and form edits (add a
 * namespace, a TTL cell, …) are steps of one undo/redo stack over the design text. A step keeps the
 * text from before it; undo swaps it with the current text. Keystrokes that follow each other
 * within TYPING_GROUP_MS are one step, as in any editor. Opening another design starts a new history.
 */
import type { StateCreator } from 'zustand';
import type { Store } from '../types';

/** Keystrokes closer than this (caller's clock) join one undo step. */
export const TYPING_GROUP_MS = 1000;
/** Steps kept; the oldest are dropped first. */
export const MAX_EDIT_STEPS = 200;
/** Characters of text the steps may hold in all (a 2 MB design keeps fewer steps). */
export const MAX_EDIT_CHARS = 32 * 1024 * 1024;

/** The newest steps within both limits. */
function bounded(steps: EditStep[]): EditStep[] {
  let kept = steps.slice(-MAX_EDIT_STEPS);
  let chars = kept.reduce((sum, step) => sum + step.before.length, 0);
  while (kept.length > 1 && chars > MAX_EDIT_CHARS) {
    chars -= kept[0].before.length;
    kept = kept.slice(1);
  }
  return kept;
}

/** What made a change: typing (grouped by time) or one discrete edit with its label. */
export type EditChange = { kind: 'typing'; atMs: number } | { kind: 'edit'; label: string };

export interface EditStep {
  /** The design text before the step. */
  before: string;
  /** Shown as "Undo <label>". */
  label: string;
  /** For typing steps: when the last keystroke of the step arrived (caller's clock). */
  typingAtMs: number | null;
}

export interface EditsState {
  undoStack: EditStep[];
  redoStack: EditStep[];
}

export interface EditsActions {
  /** Records a change from `before` to the store's next text; called by the project slice. */
  recordEdit(before: string, change: EditChange): void;
  /** Steps back; false when there is nothing to undo. */
  undo(): boolean;
  /** Steps forward again; false when there is nothing to redo. */
  redo(): boolean;
  clearEdits(): void;
}

export type EditsSlice = EditsState & EditsActions;

export const initialEdits: EditsState = { undoStack: [], redoStack: [] };

export const TYPING_LABEL = 'typing in the YAML';

export const createEditsSlice: StateCreator<Store, [], [], EditsSlice> = (set, get) => ({
  ...initialEdits,
  recordEdit(before, change) {
    const stack = get().undoStack;
    const top = stack[stack.length - 1];
    if (change.kind === 'typing' && top?.typingAtMs != null && get().redoStack.length === 0 && change.atMs - top.typingAtMs < TYPING_GROUP_MS) {
      set({ undoStack: [...stack.slice(0, -1), { ...top, typingAtMs: change.atMs }] });
      return;
    }
    const step: EditStep = change.kind === 'typing'
      ? { before, label: TYPING_LABEL, typingAtMs: change.atMs }
      : { before, label: change.label, typingAtMs: null };
    set({ undoStack: bounded([...stack, step]), redoStack: [] });
  },
  undo() {
    const stack = get().undoStack;
    const step = stack[stack.length - 1];
    if (!step) return false;
    const current = get().text;
    set({ undoStack: stack.slice(0, -1), redoStack: [...get().redoStack, { before: current, label: step.label, typingAtMs: null }] });
    get().replaceText(step.before);
    return true;
  },
  redo() {
    const stack = get().redoStack;
    const step = stack[stack.length - 1];
    if (!step) return false;
    const current = get().text;
    set({ redoStack: stack.slice(0, -1), undoStack: [...get().undoStack, { before: current, label: step.label, typingAtMs: null }] });
    get().replaceText(step.before);
    return true;
  },
  clearEdits() {
    set(initialEdits);
  },
});
