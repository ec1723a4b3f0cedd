/** Prompts that wait for the user: crash recovery, a trace to run, Save As. */
import { useState } from 'react';
import { fileNameFor } from '../app/commands';
import { store, useStore } from '../store';
import { selectProjectName, selectProjectPath } from '../store/project/selectors';
import { selectPendingTrace, selectRecovery, selectSaveAsOpen } from '../store/ui/selectors';
import { Dialog } from './common/Dialog';
import { useCommands } from './context';

function SaveAsForm() {
  const commands = useCommands();
  const name = useStore(selectProjectName);
  const path = useStore(selectProjectPath);
  const [value, setValue] = useState(path ?? fileNameFor(name));
  return (
    <form
      className="form-stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) void commands.saveAs(value.trim());
      }}
    >
      <label>
        File path
        <input autoFocus value={value} onChange={(event) => setValue(event.target.value)} aria-describedby="save-as-help" />
      </label>
      <p id="save-as-help" className="help">A path on the machine that runs the workbench; a bare name goes to its projects folder.</p>
      <div className="button-row">
        <button type="submit" className="primary">Save as</button>
        <button type="button" onClick={() => store.getState().setSaveAsOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}

export function Dialogs() {
  const commands = useCommands();
  const recovery = useStore(selectRecovery);
  const trace = useStore(selectPendingTrace);
  const saveAs = useStore(selectSaveAsOpen);
  return (
    <>
      <Dialog title="Recover unsaved design?" open={!!recovery} onClose={() => commands.discardRecovery()} role="alertdialog">
        <p>The workbench closed with unsaved changes to <strong>{recovery?.name ?? 'a design'}</strong>{recovery?.path ? ` (${recovery.path})` : ''}.</p>
        <div className="button-row">
          <button type="button" className="primary" autoFocus onClick={() => recovery && commands.recover(recovery)}>Recover</button>
          <button type="button" onClick={() => commands.discardRecovery()}>Discard</button>
        </div>
      </Dialog>
      <Dialog title="Replay this trace?" open={!!trace} onClose={() => store.getState().setPendingTrace(null)}>
        <p><strong>{trace?.name}</strong> is on the host. Replay it through the open design (its namespaces give TTLs and sizes)?</p>
        <div className="button-row">
          <button type="button" className="primary" autoFocus onClick={() => void commands.runTrace()}>Run trace</button>
          <button type="button" onClick={() => store.getState().setPendingTrace(null)}>Not now</button>
        </div>
      </Dialog>
      <Dialog title="Save design as" open={saveAs} onClose={() => store.getState().setSaveAsOpen(false)}>
        {saveAs ? <SaveAsForm /> : null}
      </Dialog>
    </>
  );
}
