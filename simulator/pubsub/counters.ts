/**
 * Per-class delivery counts, in client deliveries (a message to a cohort of n clients counts n),
 * and fan-out latency histograms. Every intended delivery ends as exactly one of delivered,
 * dropped (backpressure), lost (disconnects) or pending (still on its way when the run ends).
 */
import { LatencyHistogram } from '../metrics';

export class DeliveryCounters {
  /** Messages accepted for publishing. */
  readonly published: Float64Array;
  /** Σ over published messages of the clients following their channel. */
  readonly expected: Float64Array;
  readonly delivered: Float64Array;
  readonly dropped: Float64Array;
  readonly lost: Float64Array;
  /** Deliveries of a message the client already had (Streams replay after a reconnect). */
  readonly duplicated: Float64Array;
  /** Deliveries made by a Streams replay (first-time and duplicate alike). */
  readonly replayed: Float64Array;
  /** Payload bytes sent to clients (duplicates included), for bandwidth. */
  readonly sentBytes: Float64Array;
  /** Fan-out latency (publish → client) of first-time deliveries, per class, µs. */
  readonly latency: LatencyHistogram[];
  /** The same, over all classes, since the last snapshot. */
  readonly window = new LatencyHistogram({ significantDigits: 2 });

  constructor(classes: number) {
    this.published = new Float64Array(classes);
    this.expected = new Float64Array(classes);
    this.delivered = new Float64Array(classes);
    this.dropped = new Float64Array(classes);
    this.lost = new Float64Array(classes);
    this.duplicated = new Float64Array(classes);
    this.replayed = new Float64Array(classes);
    this.sentBytes = new Float64Array(classes);
    this.latency = Array.from({ length: classes }, () => new LatencyHistogram());
  }

  /** A first-time delivery of a message to `clients` clients, `latencyMs` after it was published. */
  deliver(cls: number, clients: number, latencyMs: number, payloadBytes: number): void {
    this.delivered[cls] += clients;
    this.sentBytes[cls] += payloadBytes * clients;
    const us = Math.round(latencyMs * 1000);
    this.latency[cls].recordMany(us, clients);
    this.window.recordMany(us, clients);
  }

  /** All classes' latencies in one histogram. */
  overallLatency(): LatencyHistogram {
    const all = new LatencyHistogram();
    for (const h of this.latency) all.merge(h);
    return all;
  }

  total(array: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < array.length; i++) sum += array[i];
    return sum;
  }
}
