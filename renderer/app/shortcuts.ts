/**
 * Keyboard shortcuts, the same in both modes and the same names as the app menu's commands:
 * Ctrl/⌘+N new, +O open, +S save, +Shift+S save as, +Enter run, +. stop, +E export,
 * +Z undo, +Shift+Z or +Y redo.
 */
import type { EventPayload } from '../../electron/common';

export type MenuCommand = EventPayload<'onDidMenuCommand'>['command'];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function shortcutFor(event: KeyLike): MenuCommand | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 's') return event.shiftKey ? 'saveAs' : 'save';
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (event.shiftKey) return null;
  switch (key) {
    case 'n': return 'new';
    case 'o': return 'open';
    case 'enter': return 'run';
    case '.': return 'stop';
    case 'e': return 'export';
    case 'y': return 'redo';
    default: return null;
  }
}

/** The shortcut text shown in tooltips and menus (`saveAndClose` comes from the close prompt only). */
export const SHORTCUT_LABELS: Record<Exclude<MenuCommand, 'saveAndClose'>, string> = {
  new: 'Ctrl+N', open: 'Ctrl+O', save: 'Ctrl+S', saveAs: 'Ctrl+Shift+S', run: 'Ctrl+Enter', stop: 'Ctrl+.', export: 'Ctrl+E',
  undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z',
};

/**
 * True when undo/redo belongs to the focused text box itself: a plain input (Seed, a connection's
 * URL) or a form field with typing not yet committed. The YAML editor and committed design fields
 * use the design's edit history.
 */
export function wantsOwnUndo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // In the YAML editor the design's history undoes, except in its Find/Replace box.
  if (target.closest('.editor-host') && !target.closest('.find-widget')) return false;
  const textBox = target instanceof HTMLTextAreaElement || target.isContentEditable
    || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(target.type));
  if (!textBox) return false;
  return !('designField' in target.dataset) || target.dataset.pending === 'true';
}

/** Where a command came from: the page's keydown or the app menu. */
export type CommandSource = 'key' | 'menu';

/**
 * Drops a command that the other source sent within `windowMs` (Electron's menu accelerator and
 * the page's own keydown may both fire for one key press). Repeats from one source all count: a
 * held Ctrl+Z undoes step after step.
 */
export function createCommandDeduper(now: () => number, windowMs = 150) {
  let last: { command: MenuCommand; source: CommandSource; atMs: number } | null = null;
  return (command: MenuCommand, source: CommandSource): boolean => {
    const t = now();
    if (last && last.command === command && last.source !== source && t - last.atMs < windowMs) return false;
    last = { command, source, atMs: t };
    return true;
  };
}
