/**
 * What a run's failure timeline cost, like `keyspace run`'s failures table: per event how long
 * Redis was away, what the errors became, what was lost, the hit ratio's dip and recovery and the
 * origin's peak; then the fork headroom and the recommendations (the warm-up among them).
 */
import type { RunResult } from '../../../simulator/run';
import { formatBytes, formatCount, formatMs, formatPercent } from '../../format';

type Failures = NonNullable<RunResult['failures']>;

export function FailureResults({ failures }: { failures: Failures }) {
  return (
    <section className="failure-results final-metrics" aria-labelledby="failure-results-heading">
      <h2 id="failure-results-heading">Failures</h2>
      <p className="help">
        <strong>Unavailable</strong>: from the first to the last Redis error of the event. The hit ratio&apos;s dip is read from when Redis
        answers again (the outage itself is in the errors), and <strong>recovered</strong> is when it is back within 1 pp of before.
      </p>
      {failures.events.length > 0 ? (
        <div className="table-scroll" role="region" aria-label="Failure events table" tabIndex={0}>
          <table className="data-table compact" aria-label="Failure events in this run">
            <thead>
              <tr>
                <th scope="col">Event</th><th scope="col">At</th><th scope="col">Unavailable</th><th scope="col">Errors</th>
                <th scope="col">Fell through</th><th scope="col">Failed</th><th scope="col">Keys lost</th><th scope="col">Stale reads</th>
                <th scope="col">Hit ratio before → lowest</th><th scope="col">Recovered after</th><th scope="col">Origin peak</th>
              </tr>
            </thead>
            <tbody>
              {failures.events.map((e, i) => (
                <tr key={`${e.kind}-${i}`}>
                  <th scope="row">{e.kind}</th>
                  <td className="num">{formatMs(e.atMs)}</td>
                  <td className="num">{formatMs(e.unavailableMs)}</td>
                  <td className="num">{formatCount(e.errors)}</td>
                  <td className="num">{formatCount(e.fellThrough)}</td>
                  <td className={e.failedRequests > 0 ? 'num bad-cell' : 'num'}>{formatCount(e.failedRequests)}</td>
                  <td className="num">{formatCount(e.keysLost)}</td>
                  <td className="num">{formatCount(e.staleReads)}</td>
                  <td className="num">{formatPercent(e.hitRatioBefore, 1)} → {formatPercent(e.hitRatioMin, 1)}</td>
                  <td className="num">{e.recoveryMs === null ? 'not within the run' : formatMs(e.recoveryMs)}</td>
                  <td className="num">{formatCount(Math.round(e.originPeakQps))}/s</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {failures.forkHeadroomBytes !== undefined ? (
        <p>Fork copy-on-write headroom (BGSAVE / AOF rewrite): <strong>{formatBytes(failures.forkHeadroomBytes)}</strong></p>
      ) : null}
      {failures.recommendations.length > 0 ? (
        <ul aria-label="Recommendations after the failures">
          {failures.recommendations.map((line) => <li key={line}>{line}</li>)}
        </ul>
      ) : null}
    </section>
  );
}
