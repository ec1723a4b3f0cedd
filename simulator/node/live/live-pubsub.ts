/**
 * The design's pub/sub section replayed on a real Redis, beside the cache traffic:
 * - one subscriber connection per app worker of the plan (at most MAX_SUBSCRIBERS; plan worker w
 *   shares connection w mod that), subscribed to every channel a client placed on it follows:
 *   classic SUBSCRIBE, or SSUBSCRIBE through `Cluster({ shardedSubscribers: true })` when the
 *   plan publishes sharded on a cluster;
 * - a publisher sending each group at its rate (× speed) with PUBLISH / SPUBLISH, the send time
 *   (engine clock, ms) and a sequence number at the head of a payload padded to the drawn size;
 * - Streams classes: XADD to one stream per channel, one consumer group per subscriber
 *   connection, XREADGROUP BLOCK then XACK;
 * - each connection measures publish → receive latency per message; a message received by a
 *   connection counts once per client following that channel there (fan-out to clients is
 *   modelled, not performed).
 *
 * Counts are in client deliveries, as in the simulator: expected = published × recipients, and
 * per class expected = delivered + dropped + lost + pending exactly (pub/sub: what did not arrive
 * after the drain is lost; Streams: what was not read is pending).
 */
import { Cluster, Redis } from 'ioredis';
import type { CancelSignal } from '../../run';
import { MAX_SUBSCRIBER_CONNECTIONS } from '../../run';
import { LatencyHistogram } from '../../metrics';
import type { PubsubPlan, SlotRange } from '../../pubsub';
import { channelName, fanoutOf, keyHashSlot, markHotShard, CLUSTER_SLOTS } from '../../pubsub';
import type {
  PubsubClassMetrics, PubsubMetrics, PubsubShardMetrics, PubsubWorkerMetrics,
} from '../../pubsub';
import { createKeySampler, createNumberSampler, Rng } from '../../traffic';
import type { KeySampler, NumberSampler } from '../../traffic';
import type { ResolvedSecrets, Target } from '../redis';
import { buildClusterOptions, buildRedisOptions } from '../redis';

/** Subscriber connections at most (plan workers beyond it share them). */
export const MAX_SUBSCRIBERS = MAX_SUBSCRIBER_CONNECTIONS;

export const LIVE_PUBSUB_DEPARTURES: string[] = [
  'pubsub (live): each app worker is one real subscriber connection (at most 16; further workers share them); fan-out to the clients on a worker is modelled: a message a worker receives counts once per client following its channel there, and its latency is recorded for each of them.',
  'pubsub (live): fan-out latency is publish → worker receive (engine clock on both sides); worker loop cost, per-client send cost, client queues and client speed are not applied, so dropped is 0 and workers[].loadPct is 0.',
  'pubsub (live): clients are placed on workers round-robin within each audience (the simulator places them at random or sticky); totals do not depend on placement.',
  'pubsub (live): publishes are paced evenly at each group\'s rate (poisson arrivals are not drawn); failures in the plan are not injected; heartbeats, output buffers, queue memory, connection churn and shard CPU are not observed and read 0.',
  'pubsub (live): shards[].msgsPerSec counts the publishes taken by the node owning each channel\'s slot (plus, for classic PUBLISH in a cluster, one bus message on every other node); bytes are payload bytes in (publishes) and out (pushes to subscriber connections).',
  'pubsub (live): a pub/sub message not received by the end of the drain is lost; a Streams entry not yet read is pending. Duplicates and replays are not observed (no reconnects are injected).',
];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LivePubsubOptions {
  plan: PubsubPlan;
  target: Target;
  secrets: ResolvedSecrets;
  /** Run prefix (users' servers): channel names and stream keys are prefixed with it. */
  prefix: string;
  /** Rates multiplied and durations divided by it. */
  speed: number;
  clock: () => number;
  /** Masters' slot ranges in a cluster (one entry per shard); [[0, 16383]] otherwise. */
  shardSlots: SlotRange[][];
  /** Longest wait for in-flight messages after publishing stops (default 3000 ms). */
  maxDrainMs?: number;
  /** A command without a reply for this long fails (unless the target sets its own). */
  commandTimeoutMs?: number;
}

type Client = Redis | Cluster;

interface Subscriber {
  index: number;
  client: Client;
  reader: Client | undefined;
  messagesIn: number;
  deliveries: number;
  bytesIn: number;
  running: boolean;
}

export class LivePubsub {
  private readonly plan: PubsubPlan;
  private readonly names: string[];
  private readonly channelIndex = new Map<string, number>();
  private readonly isStream: Uint8Array;
  private readonly streamKeys: string[];
  /** Clients on connection n following channel c, at [c · N + n]. */
  private readonly recipients: Float64Array;
  private readonly channelRecipients: Float64Array;
  private readonly connClients: Float64Array;
  private readonly N: number;
  private readonly sharded: boolean;
  private readonly cluster: boolean;
  private readonly subscribers: Subscriber[] = [];
  private publisher: Client | undefined;
  private readonly published: Float64Array;
  private readonly publishedBytes: Float64Array;
  private readonly classExpected: Float64Array;
  private readonly classDelivered: Float64Array;
  private readonly classPublished: Float64Array;
  private readonly classBytes: Float64Array;
  private readonly latency: LatencyHistogram[];
  private readonly overall = new LatencyHistogram();
  private readonly shardOfSlot: Int16Array;
  private inFlight = 0;
  private seq = 0;
  private publishErrors = 0;
  private publishStart = 0;
  private publishEnd = 0;
  readonly warnings: string[] = [];

  constructor(private readonly options: LivePubsubOptions) {
    const plan = options.plan;
    this.plan = plan;
    const C = plan.channels.count;
    const W = plan.workers.count;
    const N = Math.max(1, Math.min(W, MAX_SUBSCRIBERS));
    this.N = N;
    this.cluster = options.target.kind === 'cluster';
    this.sharded = this.cluster && plan.topology.publish === 'sharded';
    this.names = [];
    this.isStream = new Uint8Array(C);
    for (const g of plan.groups) {
      for (let i = 0; i < g.count; i++) {
        const c = g.firstChannel + i;
        const name = `${options.prefix}${channelName(g.pattern, i)}`;
        this.names[c] = name;
        this.channelIndex.set(name, c);
        this.isStream[c] = plan.classes[g.classIndex].delivery === 'streams' ? 1 : 0;
      }
    }
    this.streamKeys = this.names.map((name) => `${name}:stream`);
    // Round-robin placement: client i of an audience on worker i mod W, following channel i mod count of a per-one group.
    this.recipients = new Float64Array(C * N);
    for (const audience of plan.clients.audiences) {
      const perWorker = new Float64Array(W);
      for (let w = 0; w < W; w++) perWorker[w] = Math.floor(audience.clients / W) + (w < audience.clients % W ? 1 : 0);
      for (const f of audience.follows) {
        const g = plan.groups[f.group];
        if (f.perOne) {
          for (let i = 0; i < audience.clients; i++) this.recipients[(g.firstChannel + (i % g.count)) * N + ((i % W) % N)]++;
        } else {
          for (let w = 0; w < W; w++) {
            if (perWorker[w] === 0) continue;
            for (let c = g.firstChannel; c < g.firstChannel + g.count; c++) this.recipients[c * N + (w % N)] += perWorker[w];
          }
        }
      }
    }
    this.channelRecipients = new Float64Array(C);
    for (let c = 0; c < C; c++) for (let n = 0; n < N; n++) this.channelRecipients[c] += this.recipients[c * N + n];
    this.connClients = new Float64Array(N);
    for (let w = 0; w < W; w++) {
      let clients = 0;
      plan.clients.audiences.forEach((a) => { clients += Math.floor(a.clients / W) + (w < a.clients % W ? 1 : 0); });
      this.connClients[w % N] += clients;
    }
    this.published = new Float64Array(C);
    this.publishedBytes = new Float64Array(C);
    const K = plan.classes.length;
    this.classExpected = new Float64Array(K);
    this.classDelivered = new Float64Array(K);
    this.classPublished = new Float64Array(K);
    this.classBytes = new Float64Array(K);
    this.latency = plan.classes.map(() => new LatencyHistogram());
    this.shardOfSlot = new Int16Array(CLUSTER_SLOTS).fill(0);
    options.shardSlots.forEach((ranges, shard) => {
      for (const [from, to] of ranges) this.shardOfSlot.fill(shard, from, to + 1);
    });
  }

  /** Subscriber connections per worker, their subscriptions and consumer groups, the publisher. */
  async open(): Promise<void> {
    this.publisher = this.newClient('keyspace-live-publisher', false);
    await this.publisher.connect();
    for (let n = 0; n < this.N; n++) {
      const pubsubChannels: string[] = [];
      const streams: number[] = [];
      for (let c = 0; c < this.names.length; c++) {
        if (this.recipients[c * this.N + n] === 0) continue;
        if (this.isStream[c]) streams.push(c); else pubsubChannels.push(this.names[c]);
      }
      const client = this.newClient(`keyspace-live-worker-${n}`, this.sharded);
      const sub: Subscriber = { index: n, client, reader: undefined, messagesIn: 0, deliveries: 0, bytesIn: 0, running: true };
      this.subscribers.push(sub);
      await client.connect();
      if (this.sharded && client instanceof Cluster) await waitForShardedSubscribers(client);
      const onMessage = (channel: string, message: string) => this.receive(sub, channel, message);
      client.on(this.sharded ? 'smessage' : 'message', onMessage);
      if (this.sharded) {
        // One SSUBSCRIBE per channel: the channels of one SSUBSCRIBE must share a slot.
        for (const channel of pubsubChannels) await retrySubscribe(() => (client as Cluster).ssubscribe(channel));
      } else if (pubsubChannels.length > 0) {
        for (let i = 0; i < pubsubChannels.length; i += 500) await client.subscribe(...pubsubChannels.slice(i, i + 500));
      }
      if (streams.length > 0) {
        for (const c of streams) await this.publisher.xgroup('CREATE', this.streamKeys[c], groupName(n), '$', 'MKSTREAM');
        sub.reader = this.newClient(`keyspace-live-worker-${n}-streams`, false);
        await sub.reader.connect();
      }
    }
  }

  /** Publishes for the plan's duration (÷ speed), then waits for the drain; returns when done or cancelled. */
  async run(signal: CancelSignal): Promise<void> {
    // A reader that fails while publishing goes on (an XACK timing out on a stalled server) stops
    // reading and says so; the deliveries counted so far stay in the result. Caught here at once,
    // so the failure is never an unhandled rejection while the publisher is still going.
    const readers = this.subscribers.filter((s) => s.reader).map((s) => this.readStreams(s, signal).catch((error: unknown) => {
      this.warnings.push(`A stream reader stopped: ${(error as Error).message}`);
    }));
    try {
      await this.publish(signal);
      await this.drain(signal);
    } finally {
      for (const s of this.subscribers) s.running = false;
      await Promise.all(readers);
    }
  }

  private async publish(signal: CancelSignal): Promise<void> {
    const { plan, options } = this;
    const clock = options.clock;
    const durationMs = plan.durationMs / options.speed;
    const rng = new Rng(plan.seed).fork('live-pubsub');
    const pickers: KeySampler[] = plan.groups.map((g, i) => createKeySampler(g.skew, g.count, rng.fork(`channel-${i}`)));
    const sizes: NumberSampler[] = plan.groups.map((g, i) => createNumberSampler(g.payload, rng.fork(`payload-${i}`)));
    const sent = new Float64Array(plan.groups.length);
    this.publishStart = clock();
    const maxPerTick = 2000;
    for (;;) {
      if (signal.aborted) break;
      const elapsed = Math.min(clock() - this.publishStart, durationMs);
      let burst = 0;
      plan.groups.forEach((g, gi) => {
        const due = Math.floor((g.ratePerSec * options.speed * elapsed) / 1000);
        while (sent[gi] < due && burst < maxPerTick) {
          sent[gi]++;
          burst++;
          this.send(g.firstChannel + pickers[gi].next(), Math.max(1, Math.round(sizes[gi].next())), gi);
        }
      });
      if (elapsed >= durationMs) break;
      await sleep(burst >= maxPerTick ? 0 : 1);
    }
    this.publishEnd = clock();
    const deadline = clock() + 5000;
    while (this.inFlight > 0 && clock() < deadline && !signal.aborted) await sleep(2);
  }

  private send(c: number, size: number, group: number): void {
    const publisher = this.publisher as Client;
    const seq = this.seq++;
    const head = `${this.options.clock().toFixed(4)}|${seq}|`;
    const payload = head.length >= size ? head : head + 'x'.repeat(size - head.length);
    const bytes = Buffer.byteLength(payload);
    const k = this.plan.groups[group].classIndex;
    const accepted = () => {
      this.inFlight--;
      this.published[c]++;
      this.publishedBytes[c] += bytes;
      this.classPublished[k]++;
      this.classExpected[k] += this.channelRecipients[c];
    };
    const failed = () => { this.inFlight--; this.publishErrors++; };
    this.inFlight++;
    // Counted when Redis accepts it: a message is published once its reply arrives, but it may be
    // delivered before that, so the expected count is settled before the result is read.
    if (this.isStream[c]) {
      publisher.xadd(this.streamKeys[c], '*', 'p', payload).then(accepted, failed);
    } else if (this.sharded) {
      publisher.spublish(this.names[c], payload).then(accepted, failed);
    } else {
      publisher.publish(this.names[c], payload).then(accepted, failed);
    }
  }

  private receive(sub: Subscriber, channel: string, message: string): void {
    const now = this.options.clock();
    const c = this.channelIndex.get(channel);
    if (c === undefined) return;
    const bar = message.indexOf('|');
    const sentAt = Number(message.slice(0, bar));
    if (!Number.isFinite(sentAt)) return;
    this.record(sub, c, now - sentAt, Buffer.byteLength(message));
  }

  private record(sub: Subscriber, c: number, latencyMs: number, bytes: number): void {
    const clients = this.recipients[c * this.N + sub.index];
    sub.messagesIn++;
    sub.bytesIn += bytes;
    if (clients === 0) return;
    sub.deliveries += clients;
    const k = this.plan.groups[this.plan.channels.group[c]].classIndex;
    this.classDelivered[k] += clients;
    this.classBytes[k] += clients * bytes;
    const us = Math.max(1, Math.round(latencyMs * 1000));
    this.latency[k].recordMany(us, clients);
    this.overall.recordMany(us, clients);
  }

  /** XREADGROUP BLOCK over the worker's streams (one call per slot in a cluster), XACK what was read. */
  private async readStreams(sub: Subscriber, signal: CancelSignal): Promise<void> {
    const reader = sub.reader as Client;
    const group = groupName(sub.index);
    const mine: number[] = [];
    for (let c = 0; c < this.names.length; c++) if (this.isStream[c] && this.recipients[c * this.N + sub.index] > 0) mine.push(c);
    const bySlot = new Map<number, number[]>();
    for (const c of mine) {
      const slot = this.cluster ? keyHashSlot(this.streamKeys[c]) : 0;
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), c]);
    }
    const batches = [...bySlot.values()];
    let turn = 0;
    while (sub.running && !signal.aborted) {
      let read = 0;
      // Several slots: read each without blocking, and block briefly on one only when all were empty.
      const blockMs = batches.length === 1 ? 100 : 5;
      const rounds = batches.length === 1 ? [batches[0]] : batches;
      for (const batch of rounds) {
        read += await this.readBatch(reader, group, batch, batches.length === 1 ? blockMs : undefined);
        if (!sub.running || signal.aborted) break;
      }
      if (read === 0 && batches.length > 1 && sub.running) {
        read += await this.readBatch(reader, group, batches[turn++ % batches.length], blockMs);
      }
    }
  }

  private async readBatch(reader: Client, group: string, batch: number[], blockMs: number | undefined): Promise<number> {
    const keys = batch.map((c) => this.streamKeys[c]);
    const args: Array<string | number> = ['GROUP', group, 'c', 'COUNT', 500];
    if (blockMs !== undefined) args.push('BLOCK', blockMs);
    args.push('STREAMS', ...keys, ...keys.map(() => '>'));
    let reply: unknown;
    try {
      reply = await reader.call('XREADGROUP', ...args);
    } catch (error) {
      this.warnings.push(`XREADGROUP failed: ${(error as Error).message}`);
      await sleep(50);
      return 0;
    }
    const now = this.options.clock();
    if (!Array.isArray(reply)) return 0;
    const sub = this.subscribers.find((s) => groupName(s.index) === group) as Subscriber;
    let read = 0;
    for (const [key, entries] of streamReplies(reply)) {
      const c = this.channelIndex.get(key.slice(0, -':stream'.length));
      if (c === undefined || entries.length === 0) continue;
      const ids: string[] = [];
      for (const [id, fields] of entries) {
        ids.push(id);
        const message = fields[1] ?? '';
        const sentAt = Number(message.slice(0, message.indexOf('|')));
        if (Number.isFinite(sentAt)) this.record(sub, c, now - sentAt, Buffer.byteLength(message));
      }
      read += entries.length;
      await reader.xack(key, group, ...ids);
    }
    return read;
  }

  /** Waits until every expected delivery arrived, the drain ran out, or the run was cancelled. */
  private async drain(signal: CancelSignal): Promise<void> {
    const clock = this.options.clock;
    const limit = Math.min(this.options.maxDrainMs ?? 3000, Math.max(300, this.plan.drainMs / this.options.speed));
    const deadline = clock() + limit;
    while (clock() < deadline && !signal.aborted) {
      let missing = 0;
      for (let k = 0; k < this.classExpected.length; k++) missing += this.classExpected[k] - this.classDelivered[k];
      if (missing <= 0) return;
      await sleep(5);
    }
  }

  result(): PubsubMetrics {
    const { plan } = this;
    const seconds = Math.max(1e-3, (this.publishEnd - this.publishStart) / 1000);
    const classes: PubsubClassMetrics[] = plan.classes.map((cls, k) => {
      const expected = this.classExpected[k];
      const delivered = Math.min(this.classDelivered[k], expected);
      const missing = expected - delivered;
      return {
        name: cls.name,
        delivery: cls.delivery,
        published: this.classPublished[k],
        expected,
        delivered,
        dropped: 0,
        lost: cls.delivery === 'pubsub' ? missing : 0,
        pending: cls.delivery === 'streams' ? missing : 0,
        duplicated: 0,
        replayed: 0,
        fanout: fanoutOf(this.latency[k]),
        bandwidthBitsPerSec: (this.classBytes[k] * 8) / seconds,
      };
    });
    const sum = (pick: (c: PubsubClassMetrics) => number) => classes.reduce((total, c) => total + pick(c), 0);
    const totalDeliveries = this.subscribers.reduce((total, s) => total + s.deliveries, 0);
    const meanDeliveries = this.subscribers.length > 0 ? totalDeliveries / this.subscribers.length : 0;
    const workers: PubsubWorkerMetrics[] = this.subscribers.map((s) => ({
      index: s.index,
      name: `worker-${s.index}`,
      clients: this.connClients[s.index],
      messagesIn: s.messagesIn,
      deliveries: s.deliveries,
      deliveriesPerSec: s.deliveries / seconds,
      loadPct: 0,
      imbalancePct: meanDeliveries > 0 ? round((s.deliveries / meanDeliveries - 1) * 100) : 0,
    }));
    const shards = this.shardMetrics(seconds);
    const maxMsgs = Math.max(0, ...shards.map((s) => s.msgsPerSec));
    const meanMsgs = shards.length > 0 ? shards.reduce((total, s) => total + s.msgsPerSec, 0) / shards.length : 0;
    const { hot, tied } = markHotShard(shards);
    return {
      published: sum((c) => c.published),
      expected: sum((c) => c.expected),
      delivered: sum((c) => c.delivered),
      dropped: 0,
      lost: sum((c) => c.lost),
      pending: sum((c) => c.pending),
      duplicated: 0,
      replayed: 0,
      fanout: fanoutOf(this.overall),
      bandwidthBitsPerSec: sum((c) => c.bandwidthBitsPerSec),
      heartbeatBitsPerSec: 0,
      workers,
      workerImbalancePct: Math.max(0, ...workers.map((w) => w.imbalancePct)),
      shards,
      hotShard: hot,
      tiedShards: tied,
      shardImbalancePct: meanMsgs > 0 ? round((maxMsgs / meanMsgs - 1) * 100) : 0,
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
      cohorts: this.subscribers.length,
      durationMs: this.publishEnd - this.publishStart,
    };
  }

  private shardMetrics(seconds: number): PubsubShardMetrics[] {
    const S = this.options.shardSlots.length;
    const msgs = new Float64Array(S);
    const bytesIn = new Float64Array(S);
    const bytesOut = new Float64Array(S);
    const channels = new Float64Array(S);
    const top: Array<{ name: string | null; count: number }> = Array.from({ length: S }, () => ({ name: null, count: 0 }));
    const classicBus = this.cluster && !this.sharded;
    for (let c = 0; c < this.names.length; c++) {
      const key = this.isStream[c] ? this.streamKeys[c] : this.names[c];
      const shard = this.shardOfSlot[keyHashSlot(key)];
      channels[shard]++;
      const n = this.published[c];
      if (n === 0) continue;
      msgs[shard] += n;
      bytesIn[shard] += this.publishedBytes[c];
      let subscribers = 0;
      for (let i = 0; i < this.N; i++) if (this.recipients[c * this.N + i] > 0) subscribers++;
      bytesOut[shard] += this.publishedBytes[c] * subscribers;
      if (classicBus && !this.isStream[c]) for (let s = 0; s < S; s++) if (s !== shard) msgs[s] += n;
      if (n > top[shard].count) top[shard] = { name: this.names[c], count: n };
    }
    return this.options.shardSlots.map((ranges, index) => ({
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

  /** Unsubscribes, deletes the streams (and their groups) the run created, closes every connection. */
  async close(): Promise<void> {
    for (const s of this.subscribers) s.running = false;
    const quick = <T>(promise: Promise<T>) => Promise.race([promise.catch(() => undefined), sleep(500)]);
    await Promise.all(this.subscribers.map(async (s) => {
      await quick(this.sharded ? (s.client as Cluster).sunsubscribe() : s.client.unsubscribe());
      s.client.disconnect();
      s.reader?.disconnect();
    }));
    const publisher = this.publisher;
    if (publisher) {
      const streams = this.streamKeys.filter((_, c) => this.isStream[c]);
      await quick(Promise.all(streams.map((key) => publisher.del(key))));
      publisher.disconnect();
    }
  }

  private newClient(name: string, shardedSubscribers: boolean): Client {
    const { target, secrets } = this.options;
    const client = target.kind === 'cluster'
      ? new Cluster(target.nodes.map(({ host, port }) => ({ host, port })), {
        ...buildClusterOptions(target, secrets, { connectionName: name, shardedSubscribers, commandTimeoutMs: this.options.commandTimeoutMs }),
        shardedSubscribers,
      })
      : new Redis(buildRedisOptions(target, secrets, { connectionName: name, commandTimeoutMs: this.options.commandTimeoutMs }));
    client.on('error', () => undefined);
    return client;
  }
}

type StreamEntries = Array<[string, string[]]>;

/** XREADGROUP's reply as [key, entries] pairs: RESP2 nests them, RESP3 (a map) arrives flattened. */
function streamReplies(reply: unknown[]): Array<[string, StreamEntries]> {
  if (reply.length === 0) return [];
  if (Array.isArray(reply[0])) return reply as Array<[string, StreamEntries]>;
  const pairs: Array<[string, StreamEntries]> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), reply[i + 1] as StreamEntries]);
  return pairs;
}

function groupName(n: number): string {
  return `keyspace-live-w${n}`;
}

/** ioredis rejects SSUBSCRIBE until its sharded subscriber for the slot is up: retry for up to 3 s. */
async function retrySubscribe(subscribe: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      await subscribe();
      return;
    } catch (error) {
      if (Date.now() > deadline || !/No sharded subscriber/.test((error as Error).message)) throw error;
      await sleep(20);
    }
  }
}

async function waitForShardedSubscribers(client: Cluster): Promise<void> {
  // ioredis starts one sharded subscriber per master once the slots are known; give it a moment.
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if (client.status === 'ready') break;
    await sleep(10);
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Masters' slot ranges of a cluster from CLUSTER SLOTS, one entry per master, ordered by first slot. */
export async function clusterShardSlots(client: Cluster): Promise<SlotRange[][]> {
  const node = client.nodes('master')[0];
  const reply = (await node.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
  const byMaster = new Map<string, SlotRange[]>();
  for (const [from, to, master] of reply) {
    const key = `${master[0]}:${master[1]}`;
    byMaster.set(key, [...(byMaster.get(key) ?? []), [from, to]]);
  }
  return [...byMaster.values()]
    .map((ranges) => ranges.sort((a, b) => a[0] - b[0]))
    .sort((a, b) => a[0][0] - b[0][0]);
}
