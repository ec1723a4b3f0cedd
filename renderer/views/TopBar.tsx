/** The top bar: the product, the views, the open design, Save, Run/Stop and the theme. */
import type { ReactNode } from 'react';
import { UNAUTHORIZED_MESSAGE } from '../api';
import { SHORTCUT_LABELS } from '../app/shortcuts';
import { useStore } from '../store';
import { selectHostLink, selectParticipant } from '../store/connections/selectors';
import { selectCanRedo, selectCanUndo, selectRedoLabel, selectUndoLabel } from '../store/edits/selectors';
import { selectDirty, selectErrors, selectProjectName, selectProjectOpen, selectProjectPath } from '../store/project/selectors';
import { selectIsRunning } from '../store/runs/selectors';
import { selectTheme } from '../store/ui/selectors';
import type { ThemeChoice } from '../store/ui/slice';
import { store } from '../store';
import { useCommands } from './context';

const HOST_LINK_TEXT = {
  connecting: 'Connecting to the workbench server…',
  closed: 'Lost the connection to the workbench server; reconnecting…',
  unauthorized: UNAUTHORIZED_MESSAGE,
} as const;

export function TopBar({ children, onOpen }: { children: ReactNode; onOpen: () => void }) {
  const commands = useCommands();
  const open = useStore(selectProjectOpen);
  const name = useStore(selectProjectName);
  const path = useStore(selectProjectPath);
  const dirty = useStore(selectDirty);
  const errors = useStore(selectErrors);
  const running = useStore(selectIsRunning);
  const theme = useStore(selectTheme);
  const link = useStore(selectHostLink);
  const canUndo = useStore(selectCanUndo);
  const canRedo = useStore(selectCanRedo);
  const undoLabel = useStore(selectUndoLabel);
  const redoLabel = useStore(selectRedoLabel);
  const participant = useStore(selectParticipant);
  return (
    <header className="topbar">
      <h1 className="brand" aria-label="Keyspace Workbench">Keyspace<span>Workbench</span></h1>
      {participant ? <span className="participant" title={`Your seat in this room: ${participant.id}`}>{participant.name}</span> : null}
      {children}
      <div className="project-title" role="group" aria-label="Open design">
        {open ? (
          <>
            <span className="project-name" title={path ?? 'not saved yet'}>{name}</span>
            {dirty ? <span className="dirty" role="status">Unsaved changes</span> : null}
          </>
        ) : null}
      </div>
      <div className="toolbar" role="toolbar" aria-label="Design actions">
        <button type="button" onClick={onOpen} title={`Open a design file (${SHORTCUT_LABELS.open})`}>Open…</button>
        <button type="button" disabled={!canUndo} onClick={() => store.getState().undo()} title={canUndo ? `Undo ${undoLabel ?? ''} (${SHORTCUT_LABELS.undo})` : 'Nothing to undo'}>Undo</button>
        <button type="button" disabled={!canRedo} onClick={() => store.getState().redo()} title={canRedo ? `Redo ${redoLabel ?? ''} (${SHORTCUT_LABELS.redo})` : 'Nothing to redo'}>Redo</button>
        <button type="button" disabled={!open} onClick={() => void commands.save()} title={`Save (${SHORTCUT_LABELS.save})`}>Save</button>
        <button
          type="button" className="primary" disabled={!open || running || errors.length > 0}
          onClick={() => void commands.run()}
          title={errors.length > 0 ? 'Fix the problems in the design first' : `Run (${SHORTCUT_LABELS.run})`}
        >
          Run
        </button>
        <button type="button" className="danger" disabled={!running} onClick={() => void commands.stop()} title={`Stop (${SHORTCUT_LABELS.stop})`}>Stop</button>
        <label className="theme-select">
          <span className="visually-hidden">Theme</span>
          <select aria-label="Theme" value={theme} onChange={(event) => store.getState().setTheme(event.target.value as ThemeChoice)}>
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
      {link !== 'open' ? (
        <div className="host-link" role="alert">{HOST_LINK_TEXT[link]}</div>
      ) : null}
    </header>
  );
}
