/**
 * The application menu as data: a function of callbacks, so its shape and accelerators are tested
 * without Electron. Commands the renderer carries out go out as onDidMenuCommand; Open… and
 * Open Trace… show a native dialog in main and end as onDidOpenFile.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuAction = 'new' | 'open' | 'openTrace' | 'save' | 'saveAs' | 'run' | 'stop' | 'export' | 'undo' | 'redo';

export interface MenuCallbacks {
  action(action: MenuAction): void;
  /** Opens a recent project by path. */
  openRecent?(path: string): void;
}

/** Accelerators (CmdOrCtrl = Cmd on macOS, Ctrl elsewhere). */
export const ACCELERATORS: Readonly<Record<MenuAction, string>> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  openTrace: 'CmdOrCtrl+Shift+O',
  save: 'CmdOrCtrl+S',
  saveAs: 'CmdOrCtrl+Shift+S',
  run: 'CmdOrCtrl+Enter',
  stop: 'CmdOrCtrl+.',
  export: 'CmdOrCtrl+E',
  undo: 'CmdOrCtrl+Z',
  redo: 'CmdOrCtrl+Shift+Z',
};

export function buildMenuTemplate(callbacks: MenuCallbacks, platform: NodeJS.Platform, options: { devTools?: boolean } = {}): MenuItemConstructorOptions[] {
  const item = (label: string, action: MenuAction): MenuItemConstructorOptions => ({
    label, accelerator: ACCELERATORS[action], click: () => callbacks.action(action),
  });
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({ role: 'appMenu' });
  }
  template.push({
    label: '&File',
    submenu: [
      item('New Project', 'new'),
      item('Open…', 'open'),
      item('Open Trace…', 'openTrace'),
      ...(mac ? [{ role: 'recentDocuments' as const, submenu: [{ role: 'clearRecentDocuments' as const }] }] : []),
      { type: 'separator' },
      item('Save', 'save'),
      item('Save As…', 'saveAs'),
      item('Export…', 'export'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  // Undo and Redo go to the design's one edit history (the renderer leaves a text box's own undo to it).
  template.push({
    label: '&Edit',
    submenu: [
      item('Undo', 'undo'), item('Redo', 'redo'), { type: 'separator' },
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&Run',
    submenu: [item('Run', 'run'), item('Stop', 'stop')],
  });
  template.push({
    label: '&View',
    submenu: [
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ...(options.devTools ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  });
  template.push({ role: 'windowMenu' });
  return template;
}
