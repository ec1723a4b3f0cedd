/** The final metrics of a run: headline table, per-namespace table, notes (pub/sub has PubsubResults). */
import type { RunResult } from '../../../simulator/run';
import { liveSpeedOf, speedLabel, ttlText } from './speed';
import { formatBits, formatBytes, formatCount, formatDuration, formatMs, formatPercent, formatRate } from '../../format';

export function FinalMetrics({ result }: { result: RunResult }) {
  const { cache, latency, origin } = result;
  const speed = liveSpeedOf(result);
  // A live run reads hits and misses per namespace from its replies; memory, evictions and
  // expirations per namespace it does not measure (INFO has them for the whole server only).
  const unmeasured = result.engine === 'live';
  const perNs = (value: number, format: (v: number) => string) => (unmeasured ? 'not measured' : format(value));
  const rows: Array<[string, string]> = [
    ['Requests', formatCount(result.requests)],
    ...(speed === null ? [] : [['Speed (live)', speedLabel(result) ?? ''] as [string, string]]),
    ['Duration (virtual)', formatDuration(result.durationMs)],
    ['Hit ratio', formatPercent(cache.hitRatio)],
    ['Hits / misses', `${formatCount(cache.hits)} / ${formatCount(cache.misses)}`],
    ['Evicted keys', formatCount(cache.evictedKeys)],
    ['Expired keys', formatCount(cache.expiredKeys)],
    ['Stale reads', formatCount(cache.staleReads)],
    ['OOM rejections', formatCount(cache.oomRejections)],
    ['Used memory (end)', formatBytes(cache.usedMemoryBytes)],
    ['Peak memory', formatBytes(cache.peakMemoryBytes)],
    ['maxmemory', cache.maxmemoryBytes > 0 ? formatBytes(cache.maxmemoryBytes) : 'no limit'],
    ...(cache.nonKeyMemory ? [['Memory besides keys', `${formatBytes(cache.nonKeyMemory.bytes)} (${cache.nonKeyMemory.source})`] as [string, string]] : []),
    ['Latency p50 / p95 / p99', `${formatMs(latency.p50Ms)} / ${formatMs(latency.p95Ms)} / ${formatMs(latency.p99Ms)}`],
    ['Latency p99.9 / max', `${formatMs(latency.p999Ms)} / ${formatMs(latency.maxMs)}`],
    ['Origin queries', formatCount(origin?.queries)],
    ['Origin load (mean / peak)', `${formatRate(origin?.queriesPerSecMean)} / ${formatRate(origin?.queriesPerSecPeak)}`],
    ['Origin peak concurrency', `${formatCount(origin?.peakConcurrency)} of ${formatCount(origin?.maxConcurrency)}`],
    ['Duplicate loads (herd)', formatCount(origin?.duplicateLoads)],
    ['Network', formatBits(result.network?.bitsPerSec)],
  ];
  return (
    <section className="final-metrics" aria-labelledby="final-heading">
      <h2 id="final-heading">Final metrics{result.partial ? <span className="badge warn">partial: stopped early</span> : null}</h2>
      <div className="final-grid">
        <table className="data-table compact" aria-label="Final metrics">
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}><th scope="row">{name}</th><td className="num">{value}</td></tr>
            ))}
          </tbody>
        </table>
        <div className="table-scroll">
          <table className="data-table compact" aria-label="Namespaces in this run">
            <thead>
              <tr><th scope="col">Namespace</th><th scope="col">Hit ratio</th><th scope="col">Reads</th><th scope="col">Writes</th><th scope="col">Evicted</th><th scope="col">Expired</th><th scope="col">Stale reads</th><th scope="col">Memory</th><th scope="col">TTL</th></tr>
            </thead>
            <tbody>
              {result.namespaces.map((ns) => (
                <tr key={ns.name}>
                  <th scope="row">{ns.name}</th>
                  <td className="num">{formatPercent(ns.hitRatio)}</td>
                  <td className="num">{formatCount(ns.reads)}</td>
                  <td className="num">{formatCount(ns.writes)}</td>
                  <td className="num">{perNs(ns.evictedKeys, formatCount)}</td>
                  <td className="num">{perNs(ns.expiredKeys, formatCount)}</td>
                  <td className="num">{formatCount(ns.staleReads)}</td>
                  <td className="num">{perNs(ns.usedMemoryBytes, formatBytes)}</td>
                  <td className="num">{ttlText(ns.ttlMs, speed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {result.warnings?.length > 0 ? (
        <details className="notes" open>
          <summary>Warnings ({result.warnings.length})</summary>
          <ul>{result.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </details>
      ) : null}
      {result.departures?.length > 0 ? (
        <details className="notes">
          <summary>Where this engine departs from Redis ({result.departures.length})</summary>
          <ul>{result.departures.map((d, i) => <li key={i}>{d}</li>)}</ul>
        </details>
      ) : null}
    </section>
  );
}
