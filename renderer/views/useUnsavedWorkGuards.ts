/**
 * Guards of unsaved work that live on the page: the window title carries a dirty marker, and
 * closing or reloading the tab (or the desktop window) with unsaved changes asks first.
 */
import { useEffect } from 'react';
import { store, useStore } from '../store';
import { selectDirty, selectProjectName, selectProjectOpen } from '../store/project/selectors';

export const APP_TITLE = 'Keyspace Workbench';

/** `● Catalogue — Keyspace Workbench` while unsaved. */
export function windowTitle(open: boolean, name: string, dirty: boolean): string {
  if (!open) return APP_TITLE;
  return `${dirty ? '● ' : ''}${name} — ${APP_TITLE}`;
}

export function useUnsavedWorkGuards(): void {
  const open = useStore(selectProjectOpen);
  const name = useStore(selectProjectName);
  const dirty = useStore(selectDirty);
  useEffect(() => {
    document.title = windowTitle(open, name, dirty);
  }, [open, name, dirty]);
  useEffect(() => {
    if (!dirty) return;
    // The browser (or Electron's main, see will-prevent-unload) asks before the page goes away.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      // Read now, not when this listener was added: a save just before closing (Save in the desktop
      // window's close prompt) must let the page go before React has re-rendered.
      if (!selectDirty(store.getState())) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
