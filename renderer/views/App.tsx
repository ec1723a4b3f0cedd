/** The shell: top bar, view tabs, the current view, dialogs and toasts; host wiring and shortcuts. */
import { lazy, Suspense, useEffect, useRef } from 'react';
import { createCommandDeduper, shortcutFor, wantsOwnUndo } from '../app/shortcuts';
import type { CommandSource, MenuCommand } from '../app/shortcuts';
import { wireHost } from '../app/wire';
import { store, useStore } from '../store';
import { selectProjectOpen } from '../store/project/selectors';
import { selectEffectiveTheme, selectView } from '../store/ui/selectors';
import type { View } from '../store/ui/slice';
import { Tabs, panelId, tabId } from './common/Tabs';
import { useServices } from './context';
import { Dialogs } from './Dialogs';
import { DropZone, FilePicker } from './Files';
import type { FilePickerHandle } from './Files';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';
import { useUnsavedWorkGuards } from './useUnsavedWorkGuards';
import { StartView } from './start/StartView';
import { DesignView } from './design/DesignView';
import { RunView } from './run/RunView';
import { CompareArea } from './compare/CompareArea';
import { FidelityView } from './fidelity/FidelityView';
import { LoadingState } from './common/States';

const ExportView = lazy(() => import('./export/ExportView'));

const VIEW_LABELS: Record<View, string> = { start: 'Start', design: 'Design', run: 'Run', compare: 'Compare', fidelity: 'Fidelity', export: 'Export' };
/** Why every view but Start is unavailable until a design is open (said by the disabled tab). */
const NO_DESIGN = 'Open a preset, a recent design or a file first (or start a new design).';

export function App() {
  const { api, commands } = useServices();
  const view = useStore(selectView);
  const open = useStore(selectProjectOpen);
  const theme = useStore(selectEffectiveTheme);
  const picker = useRef<FilePickerHandle>(null);
  useUnsavedWorkGuards();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    store.getState().setSystemDark(media.matches);
    const onChange = (event: MediaQueryListEvent) => store.getState().setSystemDark(event.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const accept = createCommandDeduper(() => performance.now());
    const runMenuCommand = (command: MenuCommand, path?: string, source: CommandSource = 'menu') => {
      if (!path && !accept(command, source)) return;
      switch (command) {
        case 'new': void commands.newProject(); break;
        case 'open': picker.current?.open(); break;
        case 'save': void commands.save(); break;
        case 'saveAndClose': void commands.saveAndClose(() => window.close()); break;
        case 'saveAs':
          if (path) void commands.saveAs(path);
          else if (store.getState().open) store.getState().setSaveAsOpen(true);
          break;
        case 'run': void commands.run(); break;
        case 'stop': void commands.stop(); break;
        case 'export':
          if (path) void commands.saveExport(path);
          else commands.exportView();
          break;
        case 'undo':
        case 'redo':
          // From the desktop menu: a text box with its own undo gets it; otherwise the design's history.
          if (wantsOwnUndo(document.activeElement)) document.execCommand(command);
          else store.getState()[command]();
          break;
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const command = shortcutFor(event);
      // While a dialog asks something, shortcuts wait: Ctrl+Z must not change the design behind it.
      if (!command || document.querySelector('dialog[open]')) return;
      if ((command === 'undo' || command === 'redo') && wantsOwnUndo(event.target)) {
        accept(command, 'key'); // the text box undoes by itself; the menu's echo of this key is dropped
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      runMenuCommand(command, undefined, 'key');
    };
    window.addEventListener('keydown', onKeyDown, true);
    const dispose = wireHost({
      api, store, commands, runMenuCommand,
      scheduleFrame: (callback) => requestAnimationFrame(() => callback()),
      now: () => performance.now(),
      setTimer: (callback, ms) => window.setTimeout(callback, ms),
      clearTimer: (handle) => window.clearTimeout(handle as number),
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      dispose();
    };
  }, [api, commands]);

  const items = (Object.keys(VIEW_LABELS) as View[]).map((id) => ({ id, label: VIEW_LABELS[id], disabled: id !== 'start' && !open ? NO_DESIGN : undefined }));

  return (
    <DropZone>
      <div className="app">
        <TopBar onOpen={() => picker.current?.open()}>
          <Tabs label="Views" items={items} selected={view} onSelect={(id) => store.getState().setView(id)} idPrefix="view" className="tabs view-tabs" />
        </TopBar>
        <main className="view">
          <div role="tabpanel" id={panelId('view', view)} aria-labelledby={tabId('view', view)}>
            {view === 'start' || !open ? <StartView onOpen={() => picker.current?.open()} /> : null}
            {open && view === 'design' ? <DesignView /> : null}
            {open && view === 'run' ? <RunView /> : null}
            {open && view === 'compare' ? <CompareArea /> : null}
            {open && view === 'fidelity' ? <FidelityView /> : null}
            {open && view === 'export' ? (
              <Suspense fallback={<LoadingState label="Loading the export preview…" />}>
                <ExportView />
              </Suspense>
            ) : null}
          </div>
          <FilePicker ref={picker} />
        </main>
        <Dialogs />
        <Toasts />
      </div>
    </DropZone>
  );
}
