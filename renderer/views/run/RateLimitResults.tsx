/**
 * The rate limiters of a finished run, like `keyspace run`'s limiter table: per limiter and client
 * class (all, normal, abusive) its decisions against the exact sliding window, then what its keys
 * cost Redis (keys, memory, counters evicted, commands per request) with its targets' verdicts.
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
      <div className="table-scroll" role="region" aria-label="Rate limiter decisions table" tabIndex={0}>
        <table className="data-table compact" aria-label="Rate limiter decisions in this run">
          <thead>
            <tr>
              <th scope="col">Limiter</th><th scope="col">Clients</th><th scope="col">Requests</th><th scope="col">Admitted</th><th scope="col">Refused</th>
              <th scope="col">Exact admits</th><th scope="col">Over-admitted</th><th scope="col">Wrongly refused</th>
            </tr>
          </thead>
          {limiters.map((l) => {
            const classes = limiterClasses(l);
            return (
              <tbody key={l.name}>
                {classes.map(({ label, clients, decisions: d }, row) => (
                  <tr key={label}>
                    {row === 0 ? (
                      <th scope="rowgroup" rowSpan={classes.length}>
                        {l.name}{' '}<span className="limiter-algorithm muted small">{l.algorithm}, {formatCount(l.limit)} per {periodText(l.periodMs)}</span>
                      </th>
                    ) : null}
                    <th scope="row">{label} <span className="muted">({formatCount(clients)})</span></th>
                    <td className="num">{formatCount(d.requests)}</td>
                    <td className="num">{formatCount(d.admitted)}</td>
                    <td className="num">{formatCount(d.refused)}</td>
                    <td className="num">{formatCount(d.exactAdmitted)}</td>
                    <Wrong value={d.overAdmitted} />
                    <Wrong value={d.wronglyRefused} />
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
      <h3 id="rate-limit-costs-heading">What each limiter costs Redis, and its targets</h3>
      <div className="table-scroll" role="region" aria-label="Rate limiter costs table" tabIndex={0}>
        <table className="data-table compact" aria-labelledby="rate-limit-costs-heading">
          <thead>
            <tr>
              <th scope="col">Limiter</th><th scope="col">Keys</th><th scope="col">Memory</th><th scope="col">Per key, mean / max</th>
              <th scope="col">Counters evicted</th><th scope="col">Resets by eviction</th><th scope="col">Commands / request</th>
              <th scope="col">Bytes / request</th><th scope="col">Targets</th>
            </tr>
          </thead>
          <tbody>
            {limiters.map((l) => {
              const own = limiterTargets(targets ?? [], l.name);
              return (
                <tr key={l.name}>
                  <th scope="row">{l.name}</th>
                  <td className="num">{formatCount(l.keys)}</td>
                  <td className="num">{formatBytes(l.usedMemoryBytes)}</td>
                  <td className="num">{formatBytes(l.meanKeyMemoryUsageBytes)} / {formatBytes(l.maxKeyMemoryUsageBytes)}</td>
                  <Wrong value={l.evictedKeys} />
                  <Wrong value={l.evictionResets} />
                  <td className="num">{perRequest(l.commands, l.requests)}</td>
                  <td className="num">{perRequest(l.bytesSent + l.bytesReceived, l.requests)}</td>
                  <td className="limiter-targets">
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
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
