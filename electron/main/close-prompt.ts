/**
 * The desktop window's question when its page refuses to unload (a design with unsaved changes):
 * the same three answers as the page's own "Save changes first?" prompt. Pure, so it is tested
 * without Electron; main.ts only shows it and acts on the answer.
 */
import type { MessageBoxSyncOptions } from 'electron';

export type CloseChoice = 'save' | 'discard' | 'cancel';

const CHOICES: readonly CloseChoice[] = ['save', 'discard', 'cancel'];

/** The native message box: Save first (the default), Discard, Cancel (Escape). */
export const CLOSE_PROMPT: MessageBoxSyncOptions = {
  type: 'warning',
  buttons: ['Save', 'Discard changes', 'Cancel'],
  defaultId: 0,
  cancelId: 2,
  noLink: true,
  message: 'The design has unsaved changes.',
  detail: 'Save them before closing? Discard closes without saving (the last autosave is offered again when the design is reopened).',
};

/** The answer behind the button the person pressed (any other index, e.g. a closed box, cancels). */
export function closeChoice(buttonIndex: number): CloseChoice {
  return CHOICES[buttonIndex] ?? 'cancel';
}

/**
 * What the shell does with the answer: whether to let the page unload now (Discard), and whether to
 * ask the page to save and then close itself (Save; the window stays until the save is done, and
 * stays open when the save is cancelled or fails).
 */
export function closeAction(choice: CloseChoice): { unloadNow: boolean; saveThenClose: boolean } {
  return { unloadNow: choice === 'discard', saveThenClose: choice === 'save' };
}
