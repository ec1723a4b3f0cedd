/**
 * The run history as it is kept on disk (dataDir/runs, one JSON file per run): read back when the
 * host starts, with records brought up to date; a run still queued or running when the host that
 * ran it stopped (a restart, a crash) is read back as failed, saying so, so no tab waits for it.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readJson } from './files';
import { readableRecord } from './readable-record';
import { RUN_INTERRUPTED } from '../common';
import type { RunRecord } from '../common';

/** What a run that the host's stop or restart cut short says. */
export const INTERRUPTED = RUN_INTERRUPTED;

/** Running, or waiting its turn. */
export function going(record: RunRecord): boolean {
  return record.summary.status === 'running' || record.summary.status === 'queued';
}

/** A run the stop of its host ended: failed, with the reason; a partial result it returned is kept. */
export function interrupted(record: RunRecord): RunRecord {
  return { ...record, summary: { ...record.summary, status: 'failed', error: INTERRUPTED } };
}

/** Every readable record in `dir`, newest first; `stale` are those a stopped host left going (now failed). */
export async function readHistory(dir: string): Promise<{ records: RunRecord[]; stale: RunRecord[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const read = await Promise.all(names.filter((name) => name.endsWith('.json')).map((name) => readJson<RunRecord | null>(join(dir, name), null)));
  const stale: RunRecord[] = [];
  const records = read
    .filter((record): record is RunRecord => record !== null && typeof record.summary?.runId === 'string')
    .map((record) => {
      if (!going(record)) return readableRecord(record);
      const failed = interrupted(readableRecord(record));
      stale.push(failed);
      return failed;
    })
    .sort((a, b) => b.summary.startedAt.localeCompare(a.summary.startedAt));
  return { records, stale };
}
