/** Named selectors of the ui slice. */
import type { Store } from '../types';

export const selectView = (s: Store) => s.view;
export const selectDesignTab = (s: Store) => s.designTab;
export const selectTheme = (s: Store) => s.theme;
export const selectToasts = (s: Store) => s.toasts;
export const selectRecovery = (s: Store) => s.recovery;
export const selectRecording = (s: Store) => s.recording;
export const selectSaveAsOpen = (s: Store) => s.saveAsOpen;
export const selectDiscardPrompt = (s: Store) => s.discardPrompt;
export const selectOverwritePrompt = (s: Store) => s.overwritePrompt;
export const selectRevealLine = (s: Store) => s.revealLine;

/** The theme in effect: the user's choice, or the OS preference for "system". */
export function selectEffectiveTheme(s: Store): 'light' | 'dark' {
  if (s.theme === 'system') return s.systemDark ? 'dark' : 'light';
  return s.theme;
}
