/** The `failures` section of a RunResult as the CLI prints it (both engines fill it). */
import type { FailureMetrics } from '../../model/failure-schema';
import { table } from './format';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

export function failuresTable(failures: FailureMetrics): string {
  const rows = [['event', 'at', 'unavailable', 'errors', 'fell through', 'failed', 'keys lost', 'stale', 'hit ratio before → min', 'recovery', 'origin peak']];
  for (const e of failures.events) {
    rows.push([
      e.kind, seconds(e.atMs), seconds(e.unavailableMs), String(e.errors), String(e.fellThrough), String(e.failedRequests), String(e.keysLost),
      String(e.staleReads), `${pct(e.hitRatioBefore)} → ${pct(e.hitRatioMin)}`, e.recoveryMs === null ? 'not within the run' : seconds(e.recoveryMs),
      `${Math.round(e.originPeakQps)}/s`,
    ]);
  }
  const lines = [table(rows)];
  if (failures.forkHeadroomBytes !== undefined) lines.push(`fork copy-on-write headroom: ${(failures.forkHeadroomBytes / 1024 / 1024).toFixed(1)} MB`);
  for (const line of failures.recommendations) lines.push(`recommendation: ${line}`);
  return lines.join('\n');
}
