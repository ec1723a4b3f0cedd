/**
 * A live pub/sub run's `pubsub` result section, from the tally: per class expected = delivered +
 * lost (pub/sub: what did not arrive after the drain) or + pending (Streams: what was not read),
 * fan-out latency, bandwidth, per-connection deliveries and imbalance, per-shard traffic with the
 * busiest shard named. What the live run does not observe reads 0 (see LIVE_PUBSUB_DEPARTURES).
 */
import type { PubsubClassMetrics, PubsubMetrics, PubsubPlan, PubsubShardMetrics, PubsubWorkerMetrics, SlotRange } from '../../pubsub';
import { fanoutOf, imbalancePct, keyHashSlot, shardOfSlotTable } from '../../pubsub';
import type { ChannelLayout } from './pubsub-layout';
import type { DeliveryTally } from './pubsub-tally';

export interface LivePubsubCounts {
  plan: PubsubPlan;
  layout: ChannelLayout;
  tally: DeliveryTally;
  /** Subscriber connections opened. */
  opened: number;
  /** Masters' slot ranges, one entry per shard. */
  shardSlots: SlotRange[][];
  /** Classic PUBLISH in a cluster: every message also crosses the bus to every other node. */
  classicBus: boolean;
  publishStartMs: number;
  publishEndMs: number;
}

export function livePubsubResult(counts: LivePubsubCounts): PubsubMetrics {
  const { plan, tally } = counts;
  const seconds = Math.max(1e-3, (counts.publishEndMs - counts.publishStartMs) / 1000);
  const classes: PubsubClassMetrics[] = plan.classes.map((cls, k) => {
    const expected = tally.classExpected[k];
    const delivered = Math.min(tally.classDelivered[k], expected);
    const missing = expected - delivered;
    return {
      name: cls.name,
      delivery: cls.delivery,
      published: tally.classPublished[k],
      expected,
      delivered,
      dropped: 0,
      lost: cls.delivery === 'pubsub' ? missing : 0,
      pending: cls.delivery === 'streams' ? missing : 0,
      duplicated: 0,
      replayed: 0,
      fanout: fanoutOf(tally.latency[k]),
      bandwidthBitsPerSec: (tally.classBytes[k] * 8) / seconds,
    };
  });
  const sum = (pick: (c: PubsubClassMetrics) => number) => classes.reduce((total, c) => total + pick(c), 0);
  const workers = workerMetrics(counts, seconds);
  const shards = shardMetrics(counts, seconds);
  const maxMsgs = Math.max(0, ...shards.map((s) => s.msgsPerSec));
  const meanMsgs = shards.length > 0 ? shards.reduce((total, s) => total + s.msgsPerSec, 0) / shards.length : 0;
  const hot = shards.length > 1 && maxMsgs > 0 ? shards.findIndex((s) => s.msgsPerSec === maxMsgs) : -1;
  if (hot >= 0) shards[hot].hot = true;
  return {
    published: sum((c) => c.published),
    expected: sum((c) => c.expected),
    delivered: sum((c) => c.delivered),
    dropped: 0,
    lost: sum((c) => c.lost),
    pending: sum((c) => c.pending),
    duplicated: 0,
    replayed: 0,
    fanout: fanoutOf(tally.overall),
    bandwidthBitsPerSec: sum((c) => c.bandwidthBitsPerSec),
    heartbeatBitsPerSec: 0,
    workers,
    workerImbalancePct: Math.max(0, ...workers.map((w) => w.imbalancePct)),
    shards,
    hotShard: hot >= 0 ? hot : null,
    shardImbalancePct: imbalancePct(maxMsgs, meanMsgs),
    classes,
    connectionChurn: 0,
    connections: {
      clients: plan.clients.total,
      connectedClientsAtEnd: plan.clients.total,
      clientDisconnects: 0,
      clientReconnects: 0,
      subscriberDisconnects: 0,
      outputBufferDisconnects: 0,
      subscriberReconnects: 0,
      reconnectAttempts: 0,
      failedReconnectAttempts: 0,
    },
    publishRetries: 0,
    queueMemoryBytes: 0,
    peakQueueMemoryBytes: 0,
    peakQueueLength: 0,
    queueLimit: plan.backpressure.queueLimit,
    outputBufferBytes: 0,
    peakOutputBufferBytes: 0,
    cohorts: counts.opened,
    durationMs: counts.publishEndMs - counts.publishStartMs,
  };
}

/** One entry per subscriber connection opened (a plan worker, or the workers sharing it). */
function workerMetrics({ layout, tally, opened }: LivePubsubCounts, seconds: number): PubsubWorkerMetrics[] {
  let total = 0;
  for (let n = 0; n < opened; n++) total += tally.deliveries[n];
  const mean = opened > 0 ? total / opened : 0;
  return Array.from({ length: opened }, (_, n) => ({
    index: n,
    name: `worker-${n}`,
    clients: layout.connectionClients[n],
    messagesIn: tally.messagesIn[n],
    deliveries: tally.deliveries[n],
    deliveriesPerSec: tally.deliveries[n] / seconds,
    loadPct: 0,
    imbalancePct: imbalancePct(tally.deliveries[n], mean),
  }));
}

function shardMetrics({ layout, tally, shardSlots, classicBus }: LivePubsubCounts, seconds: number): PubsubShardMetrics[] {
  const S = shardSlots.length;
  const shardOfSlot = shardOfSlotTable(shardSlots);
  const msgs = new Float64Array(S);
  const bytesIn = new Float64Array(S);
  const bytesOut = new Float64Array(S);
  const channels = new Float64Array(S);
  const top: Array<{ name: string | null; count: number }> = Array.from({ length: S }, () => ({ name: null, count: 0 }));
  for (let c = 0; c < layout.channelCount; c++) {
    const key = layout.isStream[c] ? layout.streamKeys[c] : layout.names[c];
    // A slot no master covers (a cluster losing one) is counted on the first shard.
    const shard = Math.max(0, shardOfSlot[keyHashSlot(key)]);
    channels[shard]++;
    const n = tally.published[c];
    if (n === 0) continue;
    msgs[shard] += n;
    bytesIn[shard] += tally.publishedBytes[c];
    bytesOut[shard] += tally.publishedBytes[c] * layout.connectionsFollowing(c);
    if (classicBus && !layout.isStream[c]) for (let s = 0; s < S; s++) if (s !== shard) msgs[s] += n;
    if (n > top[shard].count) top[shard] = { name: layout.names[c], count: n };
  }
  return shardSlots.map((ranges, index) => ({
    index,
    slotRanges: ranges.map(([from, to]) => [from, to] as [number, number]),
    channels: channels[index],
    msgsPerSec: msgs[index] / seconds,
    bytesPerSec: (bytesIn[index] + bytesOut[index]) / seconds,
    bytesInPerSec: bytesIn[index] / seconds,
    bytesOutPerSec: bytesOut[index] / seconds,
    cpuPct: 0,
    hot: false,
    topChannel: top[index].name,
  }));
}
