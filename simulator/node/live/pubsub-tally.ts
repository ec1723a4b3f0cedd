/**
 * A live pub/sub run's delivery accounting, in client deliveries as in the simulator: a publish
 * Redis accepted expects one delivery per client following its channel; a message a subscriber
 * connection receives counts once per client following the channel there, each with the same
 * publish → receive latency. Per channel, per class, per connection, and overall.
 *
 * A payload's head carries its send time (engine clock, ms) and a sequence number, `t|seq|`,
 * padded to the drawn size; the latency is read back from it.
 */
import { LatencyHistogram } from '../../metrics';
import type { ChannelLayout } from './pubsub-layout';

/** A payload of `size` bytes (at least its head) stamped with its send time and sequence number. */
export function stampedPayload(sentAtMs: number, seq: number, size: number): string {
  const head = `${sentAtMs.toFixed(4)}|${seq}|`;
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

export class DeliveryTally {
  /** Per channel: publishes accepted and their payload bytes. */
  readonly published: Float64Array;
  readonly publishedBytes: Float64Array;
  /** Per class. */
  readonly classPublished: Float64Array;
  readonly classExpected: Float64Array;
  readonly classDelivered: Float64Array;
  readonly classBytes: Float64Array;
  readonly latency: LatencyHistogram[];
  readonly overall = new LatencyHistogram();
  /** Per subscriber connection: messages received, client deliveries they stand for, bytes in. */
  readonly messagesIn: Float64Array;
  readonly deliveries: Float64Array;
  readonly bytesIn: Float64Array;

  constructor(private readonly layout: ChannelLayout, classes: number) {
    const C = layout.channelCount;
    this.published = new Float64Array(C);
    this.publishedBytes = new Float64Array(C);
    this.classPublished = new Float64Array(classes);
    this.classExpected = new Float64Array(classes);
    this.classDelivered = new Float64Array(classes);
    this.classBytes = new Float64Array(classes);
    this.latency = Array.from({ length: classes }, () => new LatencyHistogram());
    const N = layout.connections;
    this.messagesIn = new Float64Array(N);
    this.deliveries = new Float64Array(N);
    this.bytesIn = new Float64Array(N);
  }

  /** Redis accepted a publish of `bytes` on channel c. */
  accepted(c: number, bytes: number): void {
    const k = this.layout.classOf(c);
    this.published[c]++;
    this.publishedBytes[c] += bytes;
    this.classPublished[k]++;
    this.classExpected[k] += this.layout.channelRecipients[c];
  }

  /** Connection n received a message of `bytes` on channel c, `latencyMs` after it was published. */
  received(n: number, c: number, latencyMs: number, bytes: number): void {
    const clients = this.layout.clientsOn(c, n);
    this.messagesIn[n]++;
    this.bytesIn[n] += bytes;
    if (clients === 0) return;
    this.deliveries[n] += clients;
    const k = this.layout.classOf(c);
    this.classDelivered[k] += clients;
    this.classBytes[k] += clients * bytes;
    const us = Math.max(1, Math.round(latencyMs * 1000));
    this.latency[k].recordMany(us, clients);
    this.overall.recordMany(us, clients);
  }

  /** Connection n received `message` on channel c at `nowMs`; counted when its head carries a send time. */
  message(n: number, c: number, message: string, nowMs: number): void {
    const sentAt = Number(message.slice(0, message.indexOf('|')));
    if (Number.isFinite(sentAt)) this.received(n, c, nowMs - sentAt, Buffer.byteLength(message));
  }

  /** Deliveries expected and not (yet) made, over every class. */
  missing(): number {
    let missing = 0;
    for (let k = 0; k < this.classExpected.length; k++) missing += this.classExpected[k] - this.classDelivered[k];
    return missing;
  }
}
