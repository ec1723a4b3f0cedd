/**
 * Export: every file the host would write for the open design (previewExport), one tab each in a
 * read-only editor, with Copy and Save; an error state when the host cannot export.
 */
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MethodOutput } from '../../../electron/common';
import { WorkbenchError } from '../../../electron/common';
import { ReadOnlyEditor, monacoLanguage } from '../../editor/ReadOnlyEditor';
import { fileNameFor, messageOf } from '../../app/commands';
import { downloadFile } from '../../app/download';
import { zipFiles } from '../../../simulator/export';
import { useStore } from '../../store';
import { selectBrowserMode } from '../../store/connections/selectors';
import { environmentsOf, selectErrors, selectProjectName, selectRaw, selectText } from '../../store/project/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { Tabs, panelId, tabId } from '../common/Tabs';
import { useServices } from '../context';
import { ReportRuns } from './ReportRuns';
import { defaultReportRuns, reportableRuns } from './report-runs';

type Files = MethodOutput<'previewExport'>;
type Preview = { status: 'loading' } | { status: 'ready'; files: Files } | { status: 'error'; code: string; message: string };

export default function ExportView() {
  const { api, commands } = useServices();
  const text = useStore(selectText);
  const raw = useStore(selectRaw);
  const errors = useStore(selectErrors);
  const browser = useStore(selectBrowserMode);
  const name = useStore(selectProjectName);
  const [environment, setEnvironment] = useState('');
  const [preview, setPreview] = useState<Preview>({ status: 'loading' });
  const [selected, setSelected] = useState<string>('');
  const [directory, setDirectory] = useState('export');
  const [saving, setSaving] = useState(false);
  const [chosenRuns, setChosenRuns] = useState<string[] | null>(null);
  // The report's miss-ratio curve takes a few seconds to compute: on request only.
  const [withCurve, setWithCurve] = useState(false);
  const defaultRuns = useStore(useShallow(defaultReportRuns));
  const reportable = useStore(useShallow((state) => reportableRuns(state.history).map((run) => run.runId)));
  // A chosen run deleted since is dropped, not sent to the host.
  const runIds = (chosenRuns ?? defaultRuns).filter((runId) => reportable.includes(runId));
  const load = useCallback(async () => {
    setPreview({ status: 'loading' });
    try {
      const files = await api.previewExport({ text, environment: environment || undefined, runIds, curve: withCurve });
      setPreview({ status: 'ready', files });
    } catch (error) {
      setPreview({ status: 'error', code: error instanceof WorkbenchError ? error.code : 'internal', message: messageOf(error) });
    }
  }, [api, text, environment, runIds.join(','), withCurve]);
  useEffect(() => {
    if (errors.length > 0) return;
    const timer = window.setTimeout(() => void load(), 200);
    return () => window.clearTimeout(timer);
  }, [load, errors.length]);
  const files = preview.status === 'ready' ? preview.files : [];
  const current = files.find((file) => file.path === selected) ?? files[0];
  const save = async () => {
    setSaving(true);
    try {
      const { written } = await api.saveExport({ text, environment: environment || undefined, directory, runIds, curve: withCurve });
      commands.toast('success', `Wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${directory}`);
    } catch (error) {
      commands.toast('error', `Could not save the export: ${messageOf(error)}`);
    } finally {
      setSaving(false);
    }
  };
  const copy = async () => {
    if (!current) return;
    try {
      await navigator.clipboard.writeText(current.text);
      commands.toast('success', `Copied ${current.path}`);
    } catch (error) {
      commands.toast('error', `Could not copy: ${messageOf(error)}`);
    }
  };
  return (
    <div className="export-view">
      <div className="export-bar">
        <label>
          Environment
          <select value={environment} onChange={(event) => setEnvironment(event.target.value)}>
            <option value="">Default</option>
            {environmentsOf(raw).map((env) => <option key={env} value={env}>{env}</option>)}
          </select>
        </label>
        <label>
          {browser ? 'Save on the server in' : 'Save to directory'}
          <input className="mono" value={directory} onChange={(event) => setDirectory(event.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={withCurve} onChange={(event) => setWithCurve(event.target.checked)} />
          Miss-ratio curve in the report
        </label>
        <button type="button" onClick={() => void copy()} disabled={!current}>Copy</button>
        <button type="button" onClick={() => current && downloadFile(current.path, 'text/plain', current.text)} disabled={!current}>Download</button>
        <button type="button" onClick={() => downloadFile(fileNameFor(name).replace(/\.yaml$/, '-export.zip'), 'application/zip', zipFiles(files))} disabled={files.length === 0}>Download all (.zip)</button>
        <button type="button" className="primary" onClick={() => void save()} disabled={saving || preview.status !== 'ready' || !directory.trim()}>Save files</button>
      </div>
      <ReportRuns selected={runIds} onChange={setChosenRuns} />
      {errors.length > 0 ? <ErrorState title="The design has problems" message={`Fix the ${errors.length} problem${errors.length === 1 ? '' : 's'} in the Design view to preview the export.`} /> : null}
      {errors.length === 0 && preview.status === 'loading' ? <LoadingState label="Preparing the export preview…" /> : null}
      {errors.length === 0 && preview.status === 'error' ? (
        <ErrorState title={preview.code === 'unavailable' ? 'Exports are not available' : 'The export failed'} message={preview.message}>
          <button type="button" onClick={() => void load()}>Try again</button>
        </ErrorState>
      ) : null}
      {errors.length === 0 && preview.status === 'ready' && files.length === 0 ? <EmptyState title="Nothing to export">The host produced no files for this design.</EmptyState> : null}
      {errors.length === 0 && current ? (
        <div className="export-files">
          <Tabs label="Export files" items={files.map((file) => ({ id: file.path, label: file.path }))} selected={current.path} onSelect={setSelected} idPrefix="export" className="tabs file-tabs" />
          <div role="tabpanel" id={panelId('export', current.path)} aria-labelledby={tabId('export', current.path)} className="export-editor">
            <ReadOnlyEditor text={current.text} language={monacoLanguage(current.language, current.path)} label={`Preview of ${current.path}`} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
