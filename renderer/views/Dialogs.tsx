/** Prompts that wait for the user: crash recovery, unsaved changes, Save As and its overwrite check. */
import { useState } from 'react';
import { fileNameFor } from '../app/commands';
import { store, useStore } from '../store';
import { selectBrowserMode } from '../store/connections/selectors';
import { selectProjectName, selectProjectPath } from '../store/project/selectors';
import { selectDiscardPrompt, selectOverwritePrompt, selectRecovery, selectSaveAsOpen } from '../store/ui/selectors';
import { Dialog } from './common/Dialog';
import { useCommands } from './context';

function SaveAsForm() {
  const commands = useCommands();
  const name = useStore(selectProjectName);
  const path = useStore(selectProjectPath);
  const browser = useStore(selectBrowserMode);
  const [value, setValue] = useState(path ?? fileNameFor(name));
  return (
    <form
      className="form-stack"
      onSubmit={(event) => {
        event.preventDefault();
        // Saving over the design's own file needs no question; any other existing file does.
        if (value.trim()) void commands.saveAs(value.trim(), path !== null && value.trim() === path);
      }}
    >
      <label>
        File path
        <input autoFocus value={value} onChange={(event) => setValue(event.target.value)} aria-describedby="save-as-help" />
      </label>
      <p id="save-as-help" className="help">
        {browser ? 'A path in your workspace on the server; a bare name goes to its projects folder. Download saves the design to this computer instead.' : 'A path on the machine that runs the workbench; a bare name goes to its projects folder.'}
      </p>
      <div className="button-row">
        <button type="submit" className="primary">Save as</button>
        {browser ? <button type="button" onClick={() => commands.downloadDesign()}>Download</button> : null}
        <button type="button" onClick={() => commands.cancelSaveAs()}>Cancel</button>
      </div>
    </form>
  );
}

function UnsavedWorkDialogs() {
  const commands = useCommands();
  const name = useStore(selectProjectName);
  const discard = useStore(selectDiscardPrompt);
  const overwrite = useStore(selectOverwritePrompt);
  return (
    <>
      <Dialog title="Save changes first?" open={!!discard} onClose={() => void commands.answerDiscard('cancel')} role="alertdialog">
        <p><strong>{name}</strong> has unsaved changes. Save them before you {discard?.what ?? 'go on'}?</p>
        <div className="button-row">
          <button type="button" className="primary" autoFocus onClick={() => void commands.answerDiscard('save')}>Save</button>
          <button type="button" className="danger" onClick={() => void commands.answerDiscard('discard')}>Discard</button>
          <button type="button" onClick={() => void commands.answerDiscard('cancel')}>Cancel</button>
        </div>
      </Dialog>
      <Dialog title="Replace the existing file?" open={!!overwrite} onClose={() => store.getState().setOverwritePrompt(null)} role="alertdialog">
        <p><strong>{overwrite?.path}</strong> already exists. Replace it with this design?</p>
        <div className="button-row">
          <button type="button" className="danger" onClick={() => overwrite && void commands.saveAs(overwrite.path, true)}>Replace</button>
          <button type="button" className="primary" autoFocus onClick={() => store.getState().setOverwritePrompt(null)}>Cancel</button>
        </div>
      </Dialog>
    </>
  );
}

export function Dialogs() {
  const commands = useCommands();
  const recovery = useStore(selectRecovery);
  const saveAs = useStore(selectSaveAsOpen);
  return (
    <>
      <Dialog title="Recover unsaved design?" open={!!recovery} onClose={() => store.getState().setRecovery(null)} role="alertdialog">
        <p>
          <strong>{recovery?.name ?? 'A design'}</strong>{recovery?.path ? ` (${recovery.path})` : ''} has changes autosaved
          {recovery ? ` at ${new Date(recovery.savedAt).toLocaleString()}` : ''} that were never saved.
        </p>
        <div className="button-row">
          <button type="button" className="primary" autoFocus onClick={() => recovery && commands.recover(recovery)}>Recover</button>
          <button type="button" onClick={() => commands.discardRecovery()}>Discard</button>
          <button type="button" onClick={() => store.getState().setRecovery(null)} title="Keep the autosave; it is offered again">Not now</button>
        </div>
      </Dialog>
      <Dialog title="Save design as" open={saveAs} onClose={() => commands.cancelSaveAs()}>
        {saveAs ? <SaveAsForm /> : null}
      </Dialog>
      <UnsavedWorkDialogs />
    </>
  );
}
