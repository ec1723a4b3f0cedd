/**
 * What the user does to a recorded run: rename it, delete it, download its result (JSON, as
 * `keyspace export --result` reads it) or its time series (CSV). Part of the commands object.
 */
import { RUN_INTERRUPTED, WorkbenchError } from '../../electron/common';
import type { MethodOutput, RunSummary } from '../../electron/common';
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

const going = (status: RunSummary['status']) => status === 'queued' || status === 'running';

/** The runs this tab waits for: shown, queued, streaming, or going in the history it last read; not ended. */
export function awaitedRuns(s: ReturnType<WorkbenchStore['getState']>): string[] {
  const listed = s.history.status === 'ready' ? s.history.value.filter((run) => going(run.status)).map((run) => run.runId) : [];
  const ids = [s.activeRunId, ...Object.keys(s.queuePosition), ...Object.keys(s.live), ...listed];
  return [...new Set(ids)].filter((id): id is string => id !== null && !s.ended[id]);
}

export function createRunCommands({ api, store, saveFile, toast, messageOf }: RunCommandDeps) {
  const state = () => store.getState();
  return {
    /**
     * After the host came back (a server restart, a lost socket): asks after every run this tab
     * waits for and ends those that ended meanwhile — a restart ends them as failed, and a run the
     * host no longer knows is taken as cut short too — so no view waits for an end that never comes.
     */
    async settleRuns(): Promise<void> {
      const before = state();
      const known = new Map((before.history.status === 'ready' ? before.history.value : []).map((run) => [run.runId, run]));
      let cut = 0;
      await Promise.all(awaitedRuns(before).map(async (runId) => {
        let summary: RunSummary | undefined;
        try {
          const record = await api.getRun({ runId });
          summary = record.summary;
          if (!going(summary.status)) state().setRecord(runId, { status: 'ready', value: record });
        } catch (error) {
          // Only a run the host does not know is taken as cut short (not a call that failed).
          if (!(error instanceof WorkbenchError && error.code === 'not-found')) return;
          const last = known.get(runId);
          summary = last && { ...last, status: 'failed', error: RUN_INTERRUPTED };
        }
        if (!summary || going(summary.status)) return;
        state().receiveRunEnd(summary);
        if (summary.error === RUN_INTERRUPTED) cut++;
      }));
      if (cut > 0) toast('error', cut === 1 ? RUN_INTERRUPTED : `${cut} runs were cut short: the server restarted before they finished; run them again.`);
    },
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
