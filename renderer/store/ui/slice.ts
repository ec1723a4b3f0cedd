/**
 * UI: which view and design section is showing, the theme, toasts, and prompts that wait for the
 * user (crash recovery, Save As), and the recorded capture the Recording view shows.
 */
import type { StateCreator } from 'zustand';
import type { AutosavedDoc } from '../../../electron/common';
import type { Store } from '../types';

export const VIEWS = ['start', 'design', 'run', 'compare', 'fidelity', 'export', 'recording', 'room'] as const;
export type View = (typeof VIEWS)[number];
export const DESIGN_TABS = ['namespaces', 'ttl', 'invalidation', 'traffic', 'rateLimits', 'channels', 'delivery', 'failures', 'server', 'targets', 'yaml'] as const;
export type DesignTab = (typeof DESIGN_TABS)[number];
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Toast {
  id: string;
  kind: 'info' | 'success' | 'error';
  message: string;
}

export interface UiState {
  view: View;
  designTab: DesignTab;
  theme: ThemeChoice;
  /** What the OS prefers (prefers-color-scheme), kept up to date by the shell. */
  systemDark: boolean;
  toasts: Toast[];
  /** An autosave found at start or on reopening its design, waiting for Recover or Discard. */
  recovery: AutosavedDoc | null;
  /** The capture on the host the Recording view shows (`anonymized`: the copy Anonymize wrote). */
  recording: { path: string; name: string; anonymized: boolean } | null;
  saveAsOpen: boolean;
  /** Something would replace a design with unsaved changes: Save, Discard or Cancel (`what` it is). */
  discardPrompt: { what: string } | null;
  /** Save As named a file that exists: Replace or Cancel. */
  overwritePrompt: { path: string } | null;
  /** A YAML line to reveal when the YAML view opens (a problem was clicked). */
  revealLine: { line: number; column: number; seq: number } | null;
}

export interface UiActions {
  setView(view: View): void;
  setDesignTab(tab: DesignTab): void;
  setTheme(theme: ThemeChoice): void;
  setSystemDark(dark: boolean): void;
  /** The id comes from the caller (actions do not invent ids). */
  addToast(toast: Toast): void;
  dismissToast(id: string): void;
  setRecovery(doc: AutosavedDoc | null): void;
  setRecording(recording: UiState['recording']): void;
  setSaveAsOpen(open: boolean): void;
  setDiscardPrompt(prompt: UiState['discardPrompt']): void;
  setOverwritePrompt(prompt: UiState['overwritePrompt']): void;
  revealInYaml(line: number, column: number): void;
}

export type UiSlice = UiState & UiActions;

export const MAX_TOASTS = 4;

export const initialUi: UiState = {
  view: 'start', designTab: 'namespaces', theme: 'system', systemDark: false, toasts: [], recovery: null,
  recording: null, saveAsOpen: false, discardPrompt: null, overwritePrompt: null, revealLine: null,
};

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  ...initialUi,
  setView(view) {
    set({ view });
  },
  setDesignTab(designTab) {
    set({ designTab });
  },
  setTheme(theme) {
    set({ theme });
  },
  setSystemDark(systemDark) {
    set({ systemDark });
  },
  addToast(toast) {
    set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
  },
  dismissToast(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
  setRecovery(recovery) {
    set({ recovery });
  },
  setRecording(recording) {
    set({ recording });
  },
  setSaveAsOpen(saveAsOpen) {
    set({ saveAsOpen });
  },
  setDiscardPrompt(discardPrompt) {
    set({ discardPrompt });
  },
  setOverwritePrompt(overwritePrompt) {
    set({ overwritePrompt });
  },
  revealInYaml(line, column) {
    const seq = (get().revealLine?.seq ?? 0) + 1;
    set({ view: 'design', designTab: 'yaml', revealLine: { line, column, seq } });
  },
});
