/**
 * How the shown run was made (seed, engine, speed, design hash) and what can be done with it:
 * rename, download its result (JSON) or series (CSV), delete.
 */
import { useState } from 'react';
import type { RunSummary } from '../../../electron/common';
import { useCommands } from '../context';
import { provenanceText } from './run-record';

export function RunRecordBar({ summary, openDesignHash }: { summary: RunSummary; openDesignHash: string | null }) {
  const commands = useCommands();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const running = summary.status === 'running';
  const submitRename = async () => {
    if (renaming !== null && (await commands.renameRun(summary.runId, renaming))) setRenaming(null);
  };
  return (
    <div className="run-record" aria-label="This run">
      <p className="muted small" data-testid="run-provenance">{provenanceText(summary, openDesignHash)}</p>
      {renaming !== null ? (
        <form className="inline-form" onSubmit={(event) => { event.preventDefault(); void submitRename(); }}>
          <label>Run name<input value={renaming} autoFocus maxLength={200} onChange={(event) => setRenaming(event.target.value)}
            onKeyDown={(event) => { if (event.key === 'Escape') setRenaming(null); }} /></label>
          <button type="submit" className="primary" disabled={renaming.trim() === ''}>Save name</button>
          <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
        </form>
      ) : confirmDelete ? (
        <div className="inline-form" role="group" aria-label="Confirm delete">
          <span>Delete “{summary.label}” from the history? Its result and series go too.</span>
          <button type="button" className="danger" onClick={() => { setConfirmDelete(false); void commands.deleteRun(summary.runId); }}>Delete run</button>
          <button type="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
        </div>
      ) : (
        <div className="run-actions" role="group" aria-label="Run actions">
          <button type="button" onClick={() => setRenaming(summary.label)}>Rename</button>
          <button type="button" disabled={running} onClick={() => void commands.downloadRun(summary.runId, 'json')}>Download JSON</button>
          <button type="button" disabled={running} onClick={() => void commands.downloadRun(summary.runId, 'csv')}>Download CSV</button>
          <button type="button" className="danger" disabled={running} title={running ? 'Stop the run first' : undefined} onClick={() => setConfirmDelete(true)}>Delete…</button>
        </div>
      )}
    </div>
  );
}
