/**
 * The run history as it is kept on disk (dataDir/runs, one JSON file per run): read back when the
 * host starts, with records brought up to date; a run still queued or running when the host that
 * ran it stopped (a restart, a crash) is read back as failed, saying so, so no tab waits for it.
 * Also what a review report takes from the records it names.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from './errors';
import type { ReportRuns } from './exports';
import { readJson } from './files';
import { savedFidelityReportSchema, savedRunResultSchema } from '../../simulator/run';
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

/** The runs' results for a review report, labelled by their names, in this order; each must have one. */
export function reportRunsOf(records: ReadonlyArray<RunRecord>): ReportRuns {
  const runs: ReportRuns = { results: [] };
  for (const record of records) {
    if (!record.result) throw new ServiceError('bad-input', `The run "${record.summary.label}" has no result to report (${record.summary.status})`);
    const provenance = record.summary.provenance;
    runs.results.push({
      label: record.summary.label, result: record.result,
      ...(provenance ? { designHash: provenance.designHash, speed: provenance.speed } : {}),
    });
    const fidelity = record.fidelity;
    if (fidelity && !runs.fidelity) runs.fidelity = { sim: fidelity.sim, live: fidelity.live, diff: fidelity.diff };
  }
  return runs;
}

/**
 * A saved record as this version reads it: a result or fidelity report an earlier version wrote is
 * brought up to date (simulator/run/schema/saved.ts); one its schema still refuses (damaged, or from
 * a newer version) is left out, and the summary says which field was wrong.
 */
function readableRecord(record: RunRecord): RunRecord {
  const result = record.result === null ? null : savedRunResultSchema.safeParse(record.result);
  const fidelity = record.fidelity === null ? null : savedFidelityReportSchema.safeParse(record.fidelity);
  const issue = (result?.error ?? fidelity?.error)?.issues[0];
  if (!issue) return { ...record, result: result?.data ?? null, fidelity: fidelity?.data ?? null };
  const error = `the saved result cannot be read by this version (${issue.path.join('.') || 'result'}: ${issue.message})`;
  return { summary: { ...record.summary, error }, result: null, fidelity: null };
}
