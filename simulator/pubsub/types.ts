/**
 * The `pubsub` section of a RunResult and the pub/sub snapshot of the time series. Counts are in
 * client deliveries: one message to 10 000 followers is 10 000. For every class,
 * expected = delivered + dropped + lost + pending, exactly.
 */

export interface FanoutLatency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  meanMs: number;
  maxMs: number;
  /** Compact histogram of publish → client latency, for charts. */
  histogram: Array<{ upToMs: number; count: number }>;
}

export interface PubsubDeliveryCounts {
  /** Messages published (accepted by a publisher; a publish held during a failover counts once). */
  published: number;
  /** Σ over published messages of the clients following their channel: published × recipients. */
  expected: number;
  /** First-time deliveries to clients. */
  delivered: number;
  /** Dropped by per-client backpressure (drop-oldest, drop-newest, or replaced by coalescing). */
  dropped: number;
  /** Lost to disconnects: output-buffer overflows, restarts, failovers, the reconnect gap (pub/sub only). */
  lost: number;
  /** Still on the way when the run ended (queued, buffered, waiting in a stream, held by a publisher). */
  pending: number;
  /** Deliveries of a message the client already had (Streams replay of unacknowledged messages). */
  duplicated: number;
  /** Deliveries made by a Streams replay after a reconnect, first-time and duplicate alike. */
  replayed: number;
}

export interface PubsubClassMetrics extends PubsubDeliveryCounts {
  name: string;
  delivery: 'pubsub' | 'streams';
  fanout: FanoutLatency;
  bandwidthBitsPerSec: number;
}

export interface PubsubWorkerMetrics {
  index: number;
  name: string;
  /** Clients placed on this worker. */
  clients: number;
  /** Messages read from Redis. */
  messagesIn: number;
  /** Client writes (a message to n followers counts n). */
  deliveries: number;
  deliveriesPerSec: number;
  /** Share of the run the worker's loop was busy (its CPU load), %. */
  loadPct: number;
  /** deliveries against the mean over workers, % (+25 = a quarter above the mean). */
  imbalancePct: number;
}

export interface PubsubShardMetrics {
  index: number;
  slotRanges: Array<[number, number]>;
  /** Channels whose slot this shard owns. */
  channels: number;
  /** Messages the node processed per second (publishes taken plus bus messages received). */
  msgsPerSec: number;
  /** Bytes in and out (publishes, pushes to subscribers, cluster bus) per second. */
  bytesPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  /** Share of the run its single thread was busy on pub/sub, %. */
  cpuPct: number;
  /** The busiest shard (by CPU), when there is more than one. */
  hot: boolean;
  /** The shard's most published channel, or null. */
  topChannel: string | null;
}

export interface PubsubConnectionMetrics {
  clients: number;
  connectedClientsAtEnd: number;
  clientDisconnects: number;
  clientReconnects: number;
  subscriberDisconnects: number;
  /** Subscriber links Redis closed over the output buffer limit. */
  outputBufferDisconnects: number;
  subscriberReconnects: number;
  reconnectAttempts: number;
  failedReconnectAttempts: number;
}

export interface PubsubMetrics extends PubsubDeliveryCounts {
  fanout: FanoutLatency;
  /** Payload bits sent to clients per second: messages × bytes × 8 / duration. */
  bandwidthBitsPerSec: number;
  /** WebSocket ping/pong traffic per second. */
  heartbeatBitsPerSec: number;
  workers: PubsubWorkerMetrics[];
  /** The most loaded worker's imbalancePct. */
  workerImbalancePct: number;
  shards: PubsubShardMetrics[];
  /** Index of the hot shard, or null with one node or no traffic. */
  hotShard: number | null;
  /** The busiest shard's messages/s against the mean, %. */
  shardImbalancePct: number;
  classes: PubsubClassMetrics[];
  /** Connections dropped plus connections (re)opened, clients and subscriber links. */
  connectionChurn: number;
  connections: PubsubConnectionMetrics;
  /** Publishes a publisher had to hold and retry while their shard failed over. */
  publishRetries: number;
  /** Bytes held in client queues at the end, and at the peak. */
  queueMemoryBytes: number;
  peakQueueMemoryBytes: number;
  /** The longest client queue seen (never above queueLimit). */
  peakQueueLength: number;
  queueLimit: number;
  /** Bytes in Redis output buffers of subscriber links at the end, and at the peak. */
  outputBufferBytes: number;
  peakOutputBufferBytes: number;
  /** Groups of identical clients the simulation tracked (≤ clients). */
  cohorts: number;
  /** Publishing window the rates are computed over (ms). */
  durationMs: number;
}

/** One point of the pub/sub time series; counts are within the window since the previous snapshot. */
export interface PubsubSnapshot {
  tMs: number;
  published: number;
  delivered: number;
  dropped: number;
  lost: number;
  duplicated: number;
  /** Fan-out latency of deliveries within the window. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Messages per second each shard processed within the window. */
  shardMsgsPerSec: number[];
  outputBufferBytes: number;
  queueMemoryBytes: number;
  connectedClients: number;
}
