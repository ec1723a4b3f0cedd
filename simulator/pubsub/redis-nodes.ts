/**
 * The Redis masters. Each is one single-threaded FIFO server: a PUBLISH costs `perMessageMs`
 * plus `perSubscriberMs` per subscriber connection it is written to, and, for a classic PUBLISH
 * in a cluster, `busHopMs` per other node it is broadcast to over the cluster bus; each receiving
 * node then pays `perMessageMs` plus its own subscribers. SPUBLISH and XADD stay on the node
 * owning the channel's slot. While a node fails over, publishers hold their messages and retry
 * when it is back.
 */
import type { Agenda } from './agenda';
import { EV_BUS, EV_NODE_OUT } from './agenda';
import { CH_CLASS, CH_STRIDE, CH_WORKERS_END, CH_WORKERS_START, nameBytesOf } from './channel-info';
import type { CohortTable } from './cohorts';
import type { DeliveryCounters } from './counters';
import type { SubscriberLinks } from './links';
import type { PubsubPlan } from './plan';
import { busBytes, publishBytes, pushBytes, xaddBytes } from './wire';
import type { Workers } from './workers';

/** Told when Redis closes a subscriber link because its output buffer went over a limit. */
export interface OverflowListener {
  overflow(link: number, tMs: number): void;
}

export class RedisNodes {
  readonly count: number;
  readonly down: Uint8Array;
  readonly freeAt: Float64Array;
  readonly busyMs: Float64Array;
  /** Messages processed (publishes taken plus messages received over the bus). */
  readonly messages: Float64Array;
  readonly bytesIn: Float64Array;
  readonly bytesOut: Float64Array;
  publishRetries = 0;
  private readonly held: number[][];
  private readonly classic: boolean;
  private readonly sharded: boolean;
  private listener: OverflowListener | null = null;

  constructor(
    private readonly plan: PubsubPlan,
    private readonly cohorts: CohortTable,
    private readonly links: SubscriberLinks,
    private readonly workers: Workers,
    private readonly counters: DeliveryCounters,
    private readonly agenda: Agenda,
    private readonly classOf: Int32Array,
    private readonly streams: Uint8Array,
  ) {
    const n = plan.topology.nodes;
    this.count = n;
    this.down = new Uint8Array(n);
    this.freeAt = new Float64Array(n);
    this.busyMs = new Float64Array(n);
    this.messages = new Float64Array(n);
    this.bytesIn = new Float64Array(n);
    this.bytesOut = new Float64Array(n);
    this.held = Array.from({ length: n }, () => []);
    this.sharded = plan.topology.publish === 'sharded';
    this.classic = !this.sharded && n > 1;
  }

  listen(listener: OverflowListener): void {
    this.listener = listener;
  }

  /** The node a worker's pub/sub link for `channel` goes to. */
  linkNode(worker: number, channel: number): number {
    return this.classic ? worker % this.count : this.plan.channels.node[channel];
  }

  /** A publisher sends a message to the node owning its channel's slot. */
  publish(n: number, nowMs: number, pubTime: number, channel: number, bytes: number): void {
    if (this.down[n] === 1) {
      this.held[n].push(pubTime, channel, bytes);
      this.publishRetries++;
      return;
    }
    const info = this.cohorts.channelInfo;
    const isStreams = this.streams[info[channel * CH_STRIDE + CH_CLASS]] === 1;
    const nameBytes = nameBytesOf(info, channel * CH_STRIDE);
    const broadcast = this.classic && !isStreams;
    const t = this.plan.topology;
    const done = this.serve(n, nowMs, broadcast ? (this.count - 1) * t.busHopMs : 0, channel, isStreams);
    this.bytesIn[n] += isStreams ? xaddBytes(nameBytes, bytes) : publishBytes(nameBytes, bytes, this.sharded);
    if (broadcast) this.broadcast(n, done, pubTime, channel, bytes, nameBytes);
    if (this.agenda.canRunAt(done)) this.out(n, done, pubTime, channel, bytes);
    else this.agenda.push(done, EV_NODE_OUT, n, channel, bytes, pubTime);
  }

  /** A classic PUBLISH leaves node n over the cluster bus to every other node. */
  private broadcast(n: number, done: number, pubTime: number, channel: number, bytes: number, nameBytes: number): void {
    const t = this.plan.topology;
    const hop = busBytes(nameBytes, bytes);
    for (let other = 0; other < this.count; other++) {
      if (other === n) continue;
      this.bytesOut[n] += hop;
      this.agenda.push(done + t.busLatencyMs, EV_BUS, other, channel, bytes, pubTime);
    }
  }

  /** The agenda's EV_BUS: a classic PUBLISH reaches another node over the cluster bus. */
  busArrive(n: number, nowMs: number, pubTime: number, channel: number, bytes: number): void {
    this.bytesIn[n] += busBytes(this.plan.channels.nameBytes[channel], bytes);
    if (this.down[n] === 1) {
      // Its subscribers' links are closed while it fails over: the message is lost for them.
      this.counters.lost[this.classOf[channel]] += this.recipientsVia(n, channel);
      return;
    }
    const done = this.serve(n, nowMs, 0, channel, false);
    if (this.agenda.canRunAt(done)) this.out(n, done, pubTime, channel, bytes);
    else this.agenda.push(done, EV_NODE_OUT, n, channel, bytes, pubTime);
  }

  /** The agenda's EV_NODE_OUT: node n writes the message to its subscribers (or stream readers). */
  out(n: number, nowMs: number, pubTime: number, channel: number, bytes: number): void {
    const table = this.cohorts;
    const W = table.workers;
    const arrival = nowMs + this.plan.topology.networkLatencyMs;
    const r = channel * CH_STRIDE;
    const cls = table.channelInfo[r + CH_CLASS];
    const isStreams = this.streams[cls] === 1;
    const homed = this.classic && !isStreams;
    const wire = pushBytes(nameBytesOf(table.channelInfo, r), bytes, this.sharded && !isStreams);
    for (let i = table.channelInfo[r + CH_WORKERS_START], end = table.channelInfo[r + CH_WORKERS_END]; i < end; i++) {
      const w = table.chanWorkers[i];
      if (homed && w % this.count !== n) continue;
      if (isStreams) {
        this.bytesOut[n] += wire;
        this.workers.receive(w, arrival, pubTime, channel, bytes, -1, 0);
        continue;
      }
      const link = this.links.index(w, n);
      if (this.links.up[link] === 0) {
        this.counters.lost[cls] += table.recipients[channel * W + w];
        continue;
      }
      this.bytesOut[n] += wire;
      if (this.links.write(link, wire, nowMs)) {
        this.workers.receive(w, arrival, pubTime, channel, bytes, link, wire);
        continue;
      }
      // Over a limit: Redis closes the link, and this push goes with everything buffered before it.
      this.counters.lost[cls] += table.recipients[channel * W + w];
      this.listener?.overflow(link, nowMs);
    }
  }

  fail(n: number): void {
    this.down[n] = 1;
  }

  /** The promoted replica takes over at `tMs`; held publishes are retried in order. */
  recover(n: number, tMs: number): void {
    this.down[n] = 0;
    if (this.freeAt[n] < tMs) this.freeAt[n] = tMs;
    const held = this.held[n];
    this.held[n] = [];
    for (let i = 0; i < held.length; i += 3) this.publish(n, tMs, held[i], held[i + 1], held[i + 2]);
  }

  /** Client deliveries still inside Redis (held publishes, queued node and bus events), per class. */
  pendingInto(pending: Float64Array): void {
    for (const held of this.held) {
      for (let i = 0; i < held.length; i += 3) pending[this.classOf[held[i + 1]]] += this.cohorts.channelRecipients[held[i + 1]];
    }
    this.agenda.forEach((_t, kind, n, channel) => {
      if (kind === EV_NODE_OUT || kind === EV_BUS) pending[this.classOf[channel]] += this.recipientsVia(n, channel);
    });
  }

  /** FIFO service: returns when node n has written the message (the busy time is accounted). */
  private serve(n: number, nowMs: number, extraMs: number, channel: number, isStreams: boolean): number {
    const table = this.cohorts;
    const homed = this.classic && !isStreams;
    const first = table.channelInfo[channel * CH_STRIDE + CH_WORKERS_START];
    const last = table.channelInfo[channel * CH_STRIDE + CH_WORKERS_END];
    let subscribers = last - first;
    if (homed) {
      subscribers = 0;
      for (let i = first; i < last; i++) {
        if (table.chanWorkers[i] % this.count === n) subscribers++;
      }
    }
    const t = this.plan.topology;
    const serviceMs = t.perMessageMs + t.perSubscriberMs * subscribers + extraMs;
    const start = this.freeAt[n] > nowMs ? this.freeAt[n] : nowMs;
    const done = start + serviceMs;
    this.freeAt[n] = done;
    this.busyMs[n] += serviceMs;
    this.messages[n]++;
    return done;
  }

  /** Clients reached through node n for `channel`: every follower, or in a classic cluster those on workers homed on n. */
  private recipientsVia(n: number, channel: number): number {
    const table = this.cohorts;
    const W = table.workers;
    const homed = this.classic && this.streams[this.classOf[channel]] === 0;
    let clients = 0;
    for (let i = table.chanWorkerStart[channel], end = table.chanWorkerStart[channel + 1]; i < end; i++) {
      const w = table.chanWorkers[i];
      if (!homed || w % this.count === n) clients += table.recipients[channel * W + w];
    }
    return clients;
  }
}
