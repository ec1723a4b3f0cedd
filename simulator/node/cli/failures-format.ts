/** The failures table `keyspace run` prints when the design has a failure timeline or persistence. */
import type { RunResult } from '../../run';
import { bytes, count, ms, pct, table } from './format';

type Failures = NonNullable<RunResult['failures']>;

/**
 * One row per event: when, how long Redis was unavailable, what the errors became (fell through to
 * the origin or failed), what was lost, the hit ratio's dip and recovery and the origin's peak;
 * then the fork headroom and the recommendations.
 */
export function failuresSummary(failures: Failures): string {
  const rows = [['event', 'at', 'unavailable', 'errors', 'fell through', 'failed', 'keys lost', 'stale reads', 'hit ratio before → min', 'recovered after', 'origin peak/s']];
  for (const e of failures.events) {
    rows.push([
      e.kind, ms(e.atMs), ms(e.unavailableMs), count(e.errors), count(e.fellThrough), count(e.failedRequests),
      count(e.keysLost), count(e.staleReads), `${pct(e.hitRatioBefore)} → ${pct(e.hitRatioMin)}`,
      e.recoveryMs === null ? 'not in the run' : ms(e.recoveryMs), count(Math.round(e.originPeakQps)),
    ]);
  }
  const lines = failures.events.length > 0 ? [table(rows)] : [];
  if (failures.forkHeadroomBytes !== undefined) lines.push(`fork copy-on-write headroom: ${bytes(failures.forkHeadroomBytes)}`);
  for (const recommendation of failures.recommendations) lines.push(`recommendation: ${recommendation}`);
  return lines.join('\n');
}
