/**
 * The pub/sub part of a finished run, right under the headline: deliveries (losses and drops
 * marked), fan-out latency, shards (a tie named as a tie), workers and connections, and one row
 * per delivery class from the RunResult's `pubsub.classes`.
 */
import type { RunResult } from '../../../simulator/run';
import { hotShardsOf } from '../../../simulator/pubsub';
import { formatBits, formatBytes, formatCount, formatList, formatMs, formatPercent, formatRate } from '../../format';

type PubsubMetrics = NonNullable<RunResult['pubsub']>;

/** A count cell, marked bad when a loss or drop is above zero. */
function Loss({ value, of }: { value: number; of: number }) {
  if (!(value > 0)) return <td className="num">0</td>;
  return <td className="num bad-cell"><strong>{formatCount(value)}</strong>{of > 0 ? <span className="muted"> ({formatPercent(value / of, 2)})</span> : null}</td>;
}

/** "shard 2 (+140 % over the mean)", "none: shards 0 and 1 tie (…)", or "none". */
export function hotShardText(pubsub: PubsubMetrics): string {
  const { hot, tied } = hotShardsOf(pubsub);
  if (tied.length > 1) return `none: shards ${formatList(tied)} tie for the most load (about ${formatRate(pubsub.shards[tied[0]].msgsPerSec)} each)`;
  return hot === null ? 'none' : `shard ${hot} (+${pubsub.shardImbalancePct.toFixed(0)} % over the mean)`;
}

export function PubsubResults({ pubsub }: { pubsub: PubsubMetrics }) {
  const c = pubsub.connections;
  const deliveries: Array<[string, string]> = [
    ['Delivered', formatCount(pubsub.delivered)],
    ['Published / expected deliveries', `${formatCount(pubsub.published)} / ${formatCount(pubsub.expected)}`],
    ['Pending at the end', formatCount(pubsub.pending)],
    ['Duplicated / replayed', `${formatCount(pubsub.duplicated)} / ${formatCount(pubsub.replayed)}`],
    ['Fan-out p50 / p95 / p99 / max', `${formatMs(pubsub.fanout.p50Ms)} / ${formatMs(pubsub.fanout.p95Ms)} / ${formatMs(pubsub.fanout.p99Ms)} / ${formatMs(pubsub.fanout.maxMs)}`],
  ];
  const capacity: Array<[string, string]> = [
    ['Hot shard', hotShardText(pubsub)],
    ['Worker imbalance', `+${pubsub.workerImbalancePct.toFixed(0)} %`],
    ['Subscriber links closed (output buffer)', formatCount(c.outputBufferDisconnects)],
    ['Client disconnects / reconnects', `${formatCount(c.clientDisconnects)} / ${formatCount(c.clientReconnects)}`],
    ['Peak output buffer / client queues', `${formatBytes(pubsub.peakOutputBufferBytes)} / ${formatBytes(pubsub.peakQueueMemoryBytes)}`],
    ['Bandwidth to clients', formatBits(pubsub.bandwidthBitsPerSec)],
  ];
  const row = ([name, value]: [string, string]) => <tr key={name}><th scope="row">{name}</th><td className="num">{value}</td></tr>;
  return (
    <section className="pubsub-results final-metrics" aria-labelledby="pubsub-results-heading">
      <h2 id="pubsub-results-heading">Pub/sub delivery</h2>
      <div className="final-grid">
        <table className="data-table compact" aria-label="Pub/sub deliveries">
          <tbody>
            <tr><th scope="row">Lost messages</th><Loss value={pubsub.lost} of={pubsub.expected} /></tr>
            <tr><th scope="row">Dropped messages</th><Loss value={pubsub.dropped} of={pubsub.expected} /></tr>
            {deliveries.map(row)}
          </tbody>
        </table>
        <table className="data-table compact" aria-label="Pub/sub shards, workers and connections">
          <tbody>{capacity.map(row)}</tbody>
        </table>
      </div>
      <h3 id="pubsub-classes-heading">Per delivery class</h3>
      <div className="table-scroll">
        <table className="data-table compact" aria-label="Results per delivery class">
          <thead>
            <tr>
              <th scope="col">Class</th><th scope="col">Delivery</th><th scope="col">Published</th><th scope="col">Expected</th>
              <th scope="col">Delivered</th><th scope="col">Lost</th><th scope="col">Dropped</th><th scope="col">Pending</th>
              <th scope="col">Duplicated</th><th scope="col">Replayed</th><th scope="col">Fan-out p50 / p99</th><th scope="col">Bandwidth</th>
            </tr>
          </thead>
          <tbody>
            {pubsub.classes.map((k) => (
              <tr key={k.name}>
                <th scope="row">{k.name}</th>
                <td>{k.delivery === 'streams' ? 'Streams' : 'Pub/Sub'}</td>
                <td className="num">{formatCount(k.published)}</td>
                <td className="num">{formatCount(k.expected)}</td>
                <td className="num">{formatCount(k.delivered)}</td>
                <Loss value={k.lost} of={k.expected} />
                <Loss value={k.dropped} of={k.expected} />
                <td className="num">{formatCount(k.pending)}</td>
                <td className="num">{formatCount(k.duplicated)}</td>
                <td className="num">{formatCount(k.replayed)}</td>
                <td className="num">{formatMs(k.fanout.p50Ms)} / {formatMs(k.fanout.p99Ms)}</td>
                <td className="num">{formatBits(k.bandwidthBitsPerSec)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
