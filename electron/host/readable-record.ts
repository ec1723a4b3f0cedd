/** Run records read back from disk by this version. */
import { savedFidelityReportSchema, savedRunResultSchema } from '../../simulator/run';
import type { RunRecord } from '../common';

/**
 * A saved record as this version reads it: a result or fidelity report an earlier version wrote is
 * brought up to date (simulator/run/schema/saved.ts); one its schema still refuses (damaged, or from
 * a newer version) is left out, and the summary says which field was wrong.
 */
export function readableRecord(record: RunRecord): RunRecord {
  const result = record.result === null ? null : savedRunResultSchema.safeParse(record.result);
  const fidelity = record.fidelity === null ? null : savedFidelityReportSchema.safeParse(record.fidelity);
  const issue = (result?.error ?? fidelity?.error)?.issues[0];
  if (!issue) return { ...record, result: result?.data ?? null, fidelity: fidelity?.data ?? null };
  const error = `the saved result cannot be read by this version (${issue.path.join('.') || 'result'}: ${issue.message})`;
  return { summary: { ...record.summary, error }, result: null, fidelity: null };
}
