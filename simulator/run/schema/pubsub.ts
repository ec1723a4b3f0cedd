/**
 * The `pubsub` section of a RunResult and the pub/sub snapshot of the time series. Counts are in
 * client deliveries: one message to 10 000 followers is 10 000. For every class,
 * expected = delivered + dropped + lost + pending, exactly.
 */
import { z } from 'zod';

const num = z.number();

/** A latency histogram as the result keeps it: bucket upper bounds (ms) and counts. */
export const histogramSchema = z.array(z.object({ upToMs: num, count: num }));

export const fanoutLatencySchema = z.object({
  p50Ms: num,
  p95Ms: num,
  p99Ms: num,
  p999Ms: num,
  meanMs: num,
  maxMs: num,
  /** Compact histogram of publish → client latency, for charts. */
  histogram: histogramSchema,
});
export type FanoutLatency = z.infer<typeof fanoutLatencySchema>;

export const pubsubDeliveryCountsSchema = z.object({
  /** Messages published (accepted by a publisher; a publish held during a failover counts once). */
  published: num,
  /** Σ over published messages of the clients following their channel: published × recipients. */
  expected: num,
  /** First-time deliveries to clients. */
  delivered: num,
  /** Dropped by per-client backpressure (drop-oldest, drop-newest, or replaced by coalescing). */
  dropped: num,
  /** Lost to disconnects: output-buffer overflows, restarts, failovers, the reconnect gap (pub/sub only). */
  lost: num,
  /** Still on the way when the run ended (queued, buffered, waiting in a stream, held by a publisher). */
  pending: num,
  /** Deliveries of a message the client already had (Streams replay of unacknowledged messages). */
  duplicated: num,
  /** Deliveries made by a Streams replay after a reconnect, first-time and duplicate alike. */
  replayed: num,
});
export type PubsubDeliveryCounts = z.infer<typeof pubsubDeliveryCountsSchema>;

export const pubsubClassMetricsSchema = pubsubDeliveryCountsSchema.extend({
  name: z.string(),
  delivery: z.enum(['pubsub', 'streams']),
  fanout: fanoutLatencySchema,
  bandwidthBitsPerSec: num,
});
export type PubsubClassMetrics = z.infer<typeof pubsubClassMetricsSchema>;

export const pubsubWorkerMetricsSchema = z.object({
  index: num,
  name: z.string(),
  /** Clients placed on this worker. */
  clients: num,
  /** Messages read from Redis. */
  messagesIn: num,
  /** Client writes (a message to n followers counts n). */
  deliveries: num,
  deliveriesPerSec: num,
  /** Share of the run the worker's loop was busy (its CPU load), %. */
  loadPct: num,
  /** deliveries against the mean over workers, % (+25 = a quarter above the mean). */
  imbalancePct: num,
});
export type PubsubWorkerMetrics = z.infer<typeof pubsubWorkerMetricsSchema>;

export const pubsubShardMetricsSchema = z.object({
  index: num,
  slotRanges: z.array(z.tuple([num, num])),
  /** Channels whose slot this shard owns. */
  channels: num,
  /** Messages the node processed per second (publishes taken plus bus messages received). */
  msgsPerSec: num,
  /** Bytes in and out (publishes, pushes to subscribers, cluster bus) per second. */
  bytesPerSec: num,
  bytesInPerSec: num,
  bytesOutPerSec: num,
  /** Share of the run its single thread was busy on pub/sub, %. */
  cpuPct: num,
  /** The hot shard: its messages/s more than 10 % above the mean, and no other shard tied with it. */
  hot: z.boolean(),
  /** The shard's most published channel, or null. */
  topChannel: z.string().nullable(),
});
export type PubsubShardMetrics = z.infer<typeof pubsubShardMetricsSchema>;

export const pubsubConnectionMetricsSchema = z.object({
  clients: num,
  connectedClientsAtEnd: num,
  clientDisconnects: num,
  clientReconnects: num,
  subscriberDisconnects: num,
  /** Subscriber links Redis closed over the output buffer limit. */
  outputBufferDisconnects: num,
  subscriberReconnects: num,
  reconnectAttempts: num,
  failedReconnectAttempts: num,
});
export type PubsubConnectionMetrics = z.infer<typeof pubsubConnectionMetricsSchema>;

export const pubsubMetricsSchema = pubsubDeliveryCountsSchema.extend({
  fanout: fanoutLatencySchema,
  /** Payload bits sent to clients per second: messages × bytes × 8 / duration. */
  bandwidthBitsPerSec: num,
  /** WebSocket ping/pong traffic per second. */
  heartbeatBitsPerSec: num,
  workers: z.array(pubsubWorkerMetricsSchema),
  /** The most loaded worker's imbalancePct. */
  workerImbalancePct: num,
  shards: z.array(pubsubShardMetricsSchema),
  /**
   * Index of the hot shard (see `hot`), or null: one node, no traffic, no lead over the mean, or a
   * tie (runs saved before `tiedShards` named the busiest node here, tie or not).
   */
  hotShard: num.nullable(),
  /** Shards tied for the most messages/s (two or more; hotShard is null then), else empty. Absent in older runs. */
  tiedShards: z.array(num).optional(),
  /** The busiest shard's messages/s against the mean, %. */
  shardImbalancePct: num,
  classes: z.array(pubsubClassMetricsSchema),
  /** Connections dropped plus connections (re)opened, clients and subscriber links. */
  connectionChurn: num,
  connections: pubsubConnectionMetricsSchema,
  /** Publishes a publisher had to hold and retry while their shard failed over. */
  publishRetries: num,
  /** Bytes held in client queues at the end, and at the peak. */
  queueMemoryBytes: num,
  peakQueueMemoryBytes: num,
  /** The longest client queue seen (never above queueLimit). */
  peakQueueLength: num,
  queueLimit: num,
  /** Bytes in Redis output buffers of subscriber links at the end, and at the peak. */
  outputBufferBytes: num,
  peakOutputBufferBytes: num,
  /** Groups of identical clients the simulation tracked (≤ clients). */
  cohorts: num,
  /** Publishing window the rates are computed over (ms). */
  durationMs: num,
});
export type PubsubMetrics = z.infer<typeof pubsubMetricsSchema>;

/** One point of the pub/sub time series; counts are within the window since the previous snapshot. */
export const pubsubSnapshotSchema = z.object({
  tMs: num,
  published: num,
  delivered: num,
  dropped: num,
  lost: num,
  duplicated: num,
  /** Fan-out latency of deliveries within the window. */
  p50Ms: num,
  p95Ms: num,
  p99Ms: num,
  /** Messages per second each shard processed within the window. */
  shardMsgsPerSec: z.array(num),
  outputBufferBytes: num,
  queueMemoryBytes: num,
  connectedClients: num,
});
export type PubsubSnapshot = z.infer<typeof pubsubSnapshotSchema>;
