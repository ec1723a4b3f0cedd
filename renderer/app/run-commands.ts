/**
 * What the user does to a recorded run: rename it, delete it, download its result (JSON, as
 * `keyspace export --result` reads it) or its time series (CSV). Part of the commands object.
 */
import type { MethodOutput } from '../../electron/common';
import { seriesCsv } from '../../simulator/export';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import type { SaveFile } from './download';

export type RunDownload = 'json' | 'csv';

const MIME: Readonly<Record<RunDownload, string>> = { json: 'application/json', csv: 'text/csv' };

/** `Seed 7, prod` of run-abc → `seed-7-prod-run-abc.json`: readable, and unique per run. */
export function runFileName(label: string, runId: string, format: RunDownload): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug ? `${slug}-` : ''}${runId}.${format}`;
}

/** The downloaded text of a run's record in one format. */
export function runDownloadText(record: MethodOutput<'getRun'>, format: RunDownload): string | null {
  if (!record.result) return null;
  return format === 'json' ? `${JSON.stringify(record.result, null, 1)}\n` : seriesCsv(record.result);
}

interface RunCommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  saveFile: SaveFile;
  toast(kind: 'success' | 'error' | 'info', message: string): void;
  messageOf(error: unknown): string;
}

export function createRunCommands({ api, store, saveFile, toast, messageOf }: RunCommandDeps) {
  const state = () => store.getState();
  return {
    /** True when the host took the new name. */
    async renameRun(runId: string, label: string): Promise<boolean> {
      try {
        state().updateRunSummary(await api.renameRun({ runId, label }));
        return true;
      } catch (error) {
        toast('error', `Could not rename the run: ${messageOf(error)}`);
        return false;
      }
    },
    async deleteRun(runId: string): Promise<void> {
      try {
        await api.deleteRun({ runId });
        state().removeRun(runId);
      } catch (error) {
        toast('error', `Could not delete the run: ${messageOf(error)}`);
      }
    },
    async downloadRun(runId: string, format: RunDownload): Promise<void> {
      try {
        const loaded = state().records[runId];
        const record = loaded?.status === 'ready' && loaded.value.result ? loaded.value : await api.getRun({ runId });
        const text = runDownloadText(record, format);
        if (text === null) {
          toast('info', `The run "${record.summary.label}" has no result to download (${record.summary.status}).`);
          return;
        }
        saveFile(runFileName(record.summary.label, runId, format), MIME[format], text);
      } catch (error) {
        toast('error', `Could not download the run: ${messageOf(error)}`);
      }
    },
  };
}
