/**
 * The rate limiters of a finished run, like `keyspace run`'s limiter table: per limiter and client
 * class (all, normal, abusive) its decisions against the exact sliding window, then what its keys
 * cost Redis (keys, memory, counters evicted, commands per request) and its targets' verdicts.
 */
import type { TargetOutcomeJson } from '../../../electron/common';
import type { RateLimitMetrics } from '../../../simulator/run';
import { formatBytes, formatCount } from '../../format';
import { limiterClasses, limiterTargets, periodText } from './rate-limit-rows';
import { targetDetail, targetVerdict } from './run-record';

function Wrong({ value }: { value: number }) {
  return value > 0 ? <td className="num bad-cell"><strong>{formatCount(value)}</strong></td> : <td className="num">0</td>;
}

function perRequest(value: number, requests: number): string {
  return requests === 0 ? '0' : (value / requests).toFixed(2);
}

export function RateLimitResults({ limiters, targets }: { limiters: ReadonlyArray<RateLimitMetrics>; targets: ReadonlyArray<TargetOutcomeJson> | undefined }) {
  return (
    <section className="rate-limit-results final-metrics" aria-labelledby="rate-limit-results-heading">
      <h2 id="rate-limit-results-heading">Rate limiters</h2>
      <p className="help">
        Each decision is compared with an exact sliding window over the same requests: <strong>over-admitted</strong> requests it let through
        beyond the limit, <strong>wrongly refused</strong> ones it turned away within it. Keys, memory and commands are what it costs Redis.
      </p>
      <div className="table-scroll">
        <table className="data-table compact" aria-label="Rate limiters in this run">
          <thead>
            <tr>
              <th scope="col">Limiter</th><th scope="col">Algorithm</th><th scope="col">Clients</th><th scope="col">Requests</th>
              <th scope="col">Admitted</th><th scope="col">Refused</th><th scope="col">Exact admits</th><th scope="col">Over-admitted</th>
              <th scope="col">Wrongly refused</th><th scope="col">Keys</th><th scope="col">Memory (per key)</th><th scope="col">Counters evicted (resets)</th>
              <th scope="col">Commands / request</th><th scope="col">Targets</th>
            </tr>
          </thead>
          {limiters.map((l) => {
            const classes = limiterClasses(l);
            const span = classes.length;
            const own = limiterTargets(targets ?? [], l.name);
            return (
              <tbody key={l.name}>
                {classes.map(({ label, clients, decisions: d }, row) => (
                  <tr key={label}>
                    {row === 0 ? (
                      <>
                        <th scope="rowgroup" rowSpan={span}>{l.name}</th>
                        <td rowSpan={span}>{l.algorithm}<span className="muted small"> {formatCount(l.limit)} per {periodText(l.periodMs)}</span></td>
                      </>
                    ) : null}
                    <th scope="row">{label} <span className="muted">({formatCount(clients)})</span></th>
                    <td className="num">{formatCount(d.requests)}</td>
                    <td className="num">{formatCount(d.admitted)}</td>
                    <td className="num">{formatCount(d.refused)}</td>
                    <td className="num">{formatCount(d.exactAdmitted)}</td>
                    <Wrong value={d.overAdmitted} />
                    <Wrong value={d.wronglyRefused} />
                    {row === 0 ? (
                      <>
                        <td className="num" rowSpan={span}>{formatCount(l.keys)}</td>
                        <td className="num" rowSpan={span}>{formatBytes(l.usedMemoryBytes)} <span className="muted">({formatBytes(l.meanKeyMemoryUsageBytes)})</span></td>
                        <td className="num" rowSpan={span}>{formatCount(l.evictedKeys)} <span className="muted">({formatCount(l.evictionResets)})</span></td>
                        <td className="num" rowSpan={span}>{perRequest(l.commands, l.requests)}</td>
                        <td rowSpan={span}>
                          {own.length === 0 ? <span className="muted">none</span> : (
                            <ul className="target-list">
                              {own.map((target) => (
                                <li key={target.text} className={target.passed ? 'good-text' : 'bad-text'}>
                                  {targetVerdict(target)} <code>{target.text.slice(`rateLimits.${l.name}.`.length)}</code> ({targetDetail(target)})
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
    </section>
  );
}
