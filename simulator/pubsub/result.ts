/**
 * Turns the simulation's counters into the `pubsub` section of the RunResult: totals and
 * per-class counts, fan-out latency percentiles, bandwidth, per-worker load and imbalance,
 * per-shard traffic with the hot shard named, connection churn and memory.
 */
import type { LatencyHistogram } from '../metrics';
import { CH_PUBLISHES, CH_STRIDE } from './channel-info';
import { channelName } from './channels';
import type { ClientQueues } from './client-queues';
import type { CohortTable } from './cohorts';
import type { DeliveryCounters } from './counters';
import type { Failures } from './failures';
import type { SubscriberLinks } from './links';
import type { PubsubPlan } from './plan';
import type { RedisNodes } from './redis-nodes';
import type {
  FanoutLatency, PubsubClassMetrics, PubsubDeliveryCounts, PubsubMetrics, PubsubShardMetrics, PubsubWorkerMetrics,
} from '../run/schema';
import type { Workers } from './workers';

/** A WebSocket ping and its pong, framed (2-byte header + 4-byte payload each way). */
const HEARTBEAT_BYTES = 12;

export interface MetricsInput {
  plan: PubsubPlan;
  counters: DeliveryCounters;
  cohorts: CohortTable;
  queues: ClientQueues;
  links: SubscriberLinks;
  workers: Workers;
  nodes: RedisNodes;
  failures: Failures;
  pending: Float64Array;
}

export function buildMetrics(input: MetricsInput): PubsubMetrics {
  const { plan, counters, queues, links, failures } = input;
  const seconds = plan.durationMs / 1000;
  const classes: PubsubClassMetrics[] = plan.classes.map((c, i) => ({
    name: c.name,
    delivery: c.delivery,
    ...countsOf(counters, input.pending, (array) => array[i]),
    fanout: fanoutOf(counters.latency[i]),
    bandwidthBitsPerSec: (counters.sentBytes[i] * 8) / seconds,
  }));
  const workers = workerMetrics(input, seconds);
  const shards = shardMetrics(input, seconds);
  const hot = shards.find((s) => s.hot);
  const meanMsgs = shards.reduce((sum, s) => sum + s.msgsPerSec, 0) / shards.length;
  const maxMsgs = Math.max(...shards.map((s) => s.msgsPerSec));
  const churn = failures.clientDisconnects + failures.clientReconnects + links.disconnects + links.reconnects;
  return {
    ...countsOf(counters, input.pending, (array) => array.reduce((a, b) => a + b, 0)),
    fanout: fanoutOf(counters.overallLatency()),
    bandwidthBitsPerSec: (counters.total(counters.sentBytes) * 8) / seconds,
    heartbeatBitsPerSec: plan.backpressure.heartbeatMs > 0 ? (plan.clients.total * HEARTBEAT_BYTES * 8 * 1000) / plan.backpressure.heartbeatMs : 0,
    workers,
    workerImbalancePct: Math.max(...workers.map((w) => w.imbalancePct)),
    shards,
    hotShard: hot ? hot.index : null,
    shardImbalancePct: imbalancePct(maxMsgs, meanMsgs),
    classes,
    connectionChurn: churn,
    connections: {
      clients: plan.clients.total,
      connectedClientsAtEnd: queues.connectedClients,
      clientDisconnects: failures.clientDisconnects,
      clientReconnects: failures.clientReconnects,
      subscriberDisconnects: links.disconnects,
      outputBufferDisconnects: links.overflowDisconnects,
      subscriberReconnects: links.reconnects,
      reconnectAttempts: failures.reconnectAttempts,
      failedReconnectAttempts: failures.failedAttempts,
    },
    publishRetries: input.nodes.publishRetries,
    queueMemoryBytes: queues.queueBytes,
    peakQueueMemoryBytes: queues.peakQueueBytes,
    peakQueueLength: queues.peakLength,
    queueLimit: plan.backpressure.queueLimit,
    outputBufferBytes: links.totalBufferBytes,
    peakOutputBufferBytes: links.peakBufferBytes,
    cohorts: input.cohorts.count,
    durationMs: plan.durationMs,
  };
}

function countsOf(counters: DeliveryCounters, pending: Float64Array, pick: (array: Float64Array) => number): PubsubDeliveryCounts {
  return {
    published: pick(counters.published),
    expected: pick(counters.expected),
    delivered: pick(counters.delivered),
    dropped: pick(counters.dropped),
    lost: pick(counters.lost),
    pending: pick(pending),
    duplicated: pick(counters.duplicated),
    replayed: pick(counters.replayed),
  };
}

/** A fan-out latency histogram as the result reports it (percentiles in ms, ≤ 40 buckets). */
export function fanoutOf(histogram: LatencyHistogram): FanoutLatency {
  const ms = (us: number) => us / 1000;
  return {
    p50Ms: ms(histogram.valueAtPercentile(50)),
    p95Ms: ms(histogram.valueAtPercentile(95)),
    p99Ms: ms(histogram.valueAtPercentile(99)),
    p999Ms: ms(histogram.valueAtPercentile(99.9)),
    meanMs: ms(histogram.mean),
    maxMs: ms(histogram.max),
    histogram: compact(histogram),
  };
}

/** At most ~40 buckets: consecutive buckets merged, each reported at its upper bound. */
function compact(histogram: LatencyHistogram): Array<{ upToMs: number; count: number }> {
  const buckets = histogram.toBuckets();
  const step = Math.max(1, Math.ceil(buckets.length / 40));
  const out: Array<{ upToMs: number; count: number }> = [];
  for (let i = 0; i < buckets.length; i += step) {
    const group = buckets.slice(i, i + step);
    out.push({ upToMs: group[group.length - 1].upToUs / 1000, count: group.reduce((sum, b) => sum + b.count, 0) });
  }
  return out;
}

function workerMetrics(input: MetricsInput, seconds: number): PubsubWorkerMetrics[] {
  const { workers, cohorts, plan } = input;
  const mean = workers.sends.reduce((a, b) => a + b, 0) / workers.count;
  return Array.from({ length: workers.count }, (_, w) => ({
    index: w,
    name: `worker-${w}`,
    clients: cohorts.workerClients[w],
    messagesIn: workers.messagesIn[w],
    deliveries: workers.sends[w],
    deliveriesPerSec: workers.sends[w] / seconds,
    loadPct: round((Math.min(workers.busyMs[w], plan.durationMs + plan.drainMs) / plan.durationMs) * 100),
    imbalancePct: imbalancePct(workers.sends[w], mean),
  }));
}

function shardMetrics(input: MetricsInput, seconds: number): PubsubShardMetrics[] {
  const { nodes, plan } = input;
  const info = input.cohorts.channelInfo;
  const publishes = (c: number) => info[c * CH_STRIDE + CH_PUBLISHES];
  const { channels, groups } = plan;
  const top = new Int32Array(nodes.count).fill(-1);
  const owned = new Float64Array(nodes.count);
  for (let c = 0; c < channels.count; c++) {
    const n = channels.node[c];
    owned[n]++;
    if (publishes(c) > 0 && (top[n] < 0 || publishes(c) > publishes(top[n]))) top[n] = c;
  }
  let hottest = -1;
  for (let n = 0; n < nodes.count; n++) if (nodes.busyMs[n] > 0 && (hottest < 0 || nodes.busyMs[n] > nodes.busyMs[hottest])) hottest = n;
  return Array.from({ length: nodes.count }, (_, n) => {
    const c = top[n];
    const group = c >= 0 ? groups[channels.group[c]] : undefined;
    return {
      index: n,
      slotRanges: plan.topology.slotRanges[n].map(([from, to]): [number, number] => [from, to]),
      channels: owned[n],
      msgsPerSec: nodes.messages[n] / seconds,
      bytesPerSec: (nodes.bytesIn[n] + nodes.bytesOut[n]) / seconds,
      bytesInPerSec: nodes.bytesIn[n] / seconds,
      bytesOutPerSec: nodes.bytesOut[n] / seconds,
      cpuPct: round((nodes.busyMs[n] / plan.durationMs) * 100),
      hot: nodes.count > 1 && n === hottest,
      topChannel: group ? channelName(group.pattern, c - group.firstChannel) : null,
    };
  });
}

/** How far `value` lies above `mean`, in percent (two decimals); 0 when the mean is 0. */
export function imbalancePct(value: number, mean: number): number {
  return mean > 0 ? round((value / mean - 1) * 100) : 0;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
