/** Text output of the pub/sub section of a run: totals, classes, workers and shards. */
import { hotShardsOf } from '../../pubsub';
import type { PubsubMetrics } from '../../pubsub';
import { bits, count, ms, table } from './format';

export function pubsubSummary(p: PubsubMetrics): string {
  const lines: string[] = [];
  lines.push(table([
    ['published', count(p.published)],
    ['delivered / expected', `${count(p.delivered)} / ${count(p.expected)}`],
    ['dropped (backpressure)', count(p.dropped)],
    ['lost (disconnects)', count(p.lost)],
    ['duplicated / replayed', `${count(p.duplicated)} / ${count(p.replayed)}`],
    ['pending at end', count(p.pending)],
    ['fan-out p50/p95/p99/p99.9', `${ms(p.fanout.p50Ms)} / ${ms(p.fanout.p95Ms)} / ${ms(p.fanout.p99Ms)} / ${ms(p.fanout.p999Ms)}`],
    ['bandwidth to clients', bits(p.bandwidthBitsPerSec)],
    ['connection churn', count(p.connectionChurn)],
    ['peak queue / output buffers', `${count(p.peakQueueMemoryBytes)} B / ${count(p.peakOutputBufferBytes)} B`],
  ], 'left'));
  if (p.classes.length > 1) {
    lines.push('');
    lines.push(table([
      ['class', 'delivery', 'published', 'delivered', 'dropped', 'lost', 'dup', 'p99'],
      ...p.classes.map((c) => [c.name, c.delivery, count(c.published), count(c.delivered), count(c.dropped), count(c.lost), count(c.duplicated), ms(c.fanout.p99Ms)]),
    ]));
  }
  lines.push('');
  lines.push(table([
    ['worker', 'clients', 'deliveries/s', 'load', 'imbalance'],
    ...p.workers.map((w) => [w.name, count(w.clients), count(w.deliveriesPerSec), `${w.loadPct.toFixed(1)}%`, `${w.imbalancePct.toFixed(1)}%`]),
  ]));
  if (p.shards.length > 1) {
    const { hot, tied } = hotShardsOf(p);
    const mark = (s: PubsubMetrics['shards'][number]) => (s.index === hot ? `hot${s.topChannel ? ` (top: ${s.topChannel})` : ''}` : tied.includes(s.index) ? 'tied for the most' : '');
    lines.push('');
    lines.push(table([
      ['shard', 'slots', 'channels', 'msgs/s', 'bytes/s', 'cpu', ''],
      ...p.shards.map((s) => [String(s.index), s.slotRanges.map(([a, b]) => `${a}-${b}`).join(','), count(s.channels), count(s.msgsPerSec), count(s.bytesPerSec), `${s.cpuPct.toFixed(1)}%`, mark(s)]),
    ]));
  }
  return lines.join('\n');
}
