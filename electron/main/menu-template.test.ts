import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { ACCELERATORS, buildMenuTemplate } from './menu-template';
import type { MenuAction } from './menu-template';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('menu template', () => {
  it('gives every command its accelerator and calls back with its action', () => {
    const clicked: MenuAction[] = [];
    const items = flatten(buildMenuTemplate({ action: (action) => clicked.push(action) }, 'linux'));
    const byAccelerator = new Map(items.filter((item) => item.accelerator).map((item) => [item.accelerator, item]));
    expect(ACCELERATORS).toMatchObject({ new: 'CmdOrCtrl+N', open: 'CmdOrCtrl+O', save: 'CmdOrCtrl+S', saveAs: 'CmdOrCtrl+Shift+S', run: 'CmdOrCtrl+Enter', stop: 'CmdOrCtrl+.', export: 'CmdOrCtrl+E' });
    for (const [action, accelerator] of Object.entries(ACCELERATORS)) {
      const item = byAccelerator.get(accelerator);
      expect(item, action).toBeDefined();
      (item?.click as () => void)();
    }
    expect(clicked).toEqual(Object.keys(ACCELERATORS));
    expect(new Set(Object.values(ACCELERATORS)).size).toBe(Object.keys(ACCELERATORS).length);
  });

  it('has an app menu and recent documents on macOS only, and developer tools only when asked', () => {
    const mac = flatten(buildMenuTemplate({ action: () => {} }, 'darwin'));
    const linux = flatten(buildMenuTemplate({ action: () => {} }, 'linux'));
    expect(mac.some((item) => item.role === 'appMenu')).toBe(true);
    expect(mac.some((item) => item.role === 'recentDocuments')).toBe(true);
    expect(linux.some((item) => item.role === 'appMenu')).toBe(false);
    expect(linux.some((item) => item.role === 'quit')).toBe(true);
    expect(linux.some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(flatten(buildMenuTemplate({ action: () => {} }, 'linux', { devTools: true })).some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});
