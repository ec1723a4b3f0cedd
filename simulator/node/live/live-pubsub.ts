/**
 * The design's pub/sub section replayed on a real Redis, beside the cache traffic:
 * - one subscriber connection per app worker of the plan (at most MAX_SUBSCRIBERS; plan worker w
 *   shares connection w mod that), subscribed to every channel a client placed on it follows
 *   (pubsub-layout.ts, pubsub-subscribers.ts);
 * - a publisher sending each group at its rate (× speed) with PUBLISH / SPUBLISH / XADD, the send
 *   time and a sequence number at the head of a payload padded to the drawn size
 *   (pubsub-publisher.ts);
 * - Streams classes: one consumer group per subscriber connection, XREADGROUP BLOCK then XACK
 *   (pubsub-streams.ts);
 * - each connection measures publish → receive latency per message; a message received by a
 *   connection counts once per client following that channel there (fan-out to clients is
 *   modelled, not performed; pubsub-tally.ts), and the result is built from those counts
 *   (pubsub-result.ts).
 *
 * This file runs the phases: open, publish, drain, result, close.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CancelSignal } from '../../run';
import { MAX_SUBSCRIBER_CONNECTIONS } from '../../run';
import type { PubsubMetrics, PubsubPlan, SlotRange } from '../../pubsub';
import type { ResolvedSecrets, Target } from '../redis';
import { createTargetClient } from '../redis';
import { ChannelLayout } from './pubsub-layout';
import { Publisher } from './pubsub-publisher';
import { livePubsubResult } from './pubsub-result';
import { StreamReader } from './pubsub-streams';
import type { ClientFactory } from './pubsub-subscribers';
import { bounded, SubscriberConnections } from './pubsub-subscribers';
import { DeliveryTally } from './pubsub-tally';

export { clusterShardSlots } from './pubsub-layout';

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

/** Longest wait for the streams' deletion when closing. */
const DELETE_WAIT_MS = 500;

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

export class LivePubsub {
  readonly warnings: string[] = [];
  private readonly layout: ChannelLayout;
  private readonly tally: DeliveryTally;
  private readonly cluster: boolean;
  private readonly sharded: boolean;
  private readonly subscribers: SubscriberConnections;
  private readonly newClient: ClientFactory;
  private publisher: Publisher | undefined;
  private admin: ReturnType<ClientFactory> | undefined;

  constructor(private readonly options: LivePubsubOptions) {
    const { plan, target, secrets, commandTimeoutMs } = options;
    this.layout = new ChannelLayout(plan, options.prefix);
    this.tally = new DeliveryTally(this.layout, plan.classes.length);
    this.cluster = target.kind === 'cluster';
    this.sharded = this.cluster && plan.topology.publish === 'sharded';
    this.newClient = (connectionName, shardedSubscribers) => {
      const client = createTargetClient(target, secrets, { connectionName, shardedSubscribers, commandTimeoutMs });
      client.on('error', () => undefined);
      return client;
    };
    this.subscribers = new SubscriberConnections(this.layout, this.tally, this.sharded, options.clock, this.newClient);
  }

  /** Subscriber connections per worker, their subscriptions and consumer groups, the publisher. */
  async open(): Promise<void> {
    const { plan, speed, clock } = this.options;
    const client = this.newClient('keyspace-live-publisher', false);
    this.admin = client;
    await client.connect();
    this.publisher = new Publisher(client, { plan, layout: this.layout, tally: this.tally, sharded: this.sharded, speed, clock });
    await this.subscribers.open(client);
  }

  /** Publishes for the plan's duration (÷ speed), then waits for the drain; returns when done or cancelled. */
  async run(signal: CancelSignal): Promise<void> {
    const publisher = this.publisher;
    if (!publisher) throw new Error('LivePubsub.run() before open()');
    // A reader that fails while publishing goes on (an XACK timing out on a stalled server) stops
    // reading and says so; the deliveries counted so far stay in the result. Caught here at once,
    // so the failure is never an unhandled rejection while the publisher is still going.
    const reader = new StreamReader(this.layout, this.tally, this.cluster, this.options.clock, this.warnings);
    const readers = this.subscribers.streamSubscribers().map((s) => reader.read(s, signal).catch((error: unknown) => {
      this.warnings.push(`A stream reader stopped: ${(error as Error).message}`);
    }));
    try {
      await publisher.run(signal);
      await this.drain(signal);
    } finally {
      this.subscribers.stop();
      await Promise.all(readers);
      if (publisher.errors > 0) this.warnings.push(`${publisher.errors} publishes failed and are not counted as published (the first: ${publisher.firstError}).`);
    }
  }

  /** Waits until every expected delivery arrived, the drain ran out, or the run was cancelled. */
  private async drain(signal: CancelSignal): Promise<void> {
    const { clock, plan, speed } = this.options;
    const limit = Math.min(this.options.maxDrainMs ?? 3000, Math.max(300, plan.drainMs / speed));
    const deadline = clock() + limit;
    while (clock() < deadline && !signal.aborted) {
      if (this.tally.missing() <= 0) return;
      await sleep(5);
    }
  }

  result(): PubsubMetrics {
    return livePubsubResult({
      plan: this.options.plan,
      layout: this.layout,
      tally: this.tally,
      opened: this.subscribers.list.length,
      shardSlots: this.options.shardSlots,
      classicBus: this.cluster && !this.sharded,
      publishStartMs: this.publisher?.startMs ?? 0,
      publishEndMs: this.publisher?.endMs ?? 0,
    });
  }

  /** Unsubscribes, deletes the streams (and their groups) the run created, closes every connection. */
  async close(): Promise<void> {
    await this.subscribers.close();
    const admin = this.admin;
    if (admin) {
      const streams = this.layout.streamKeys.filter((_, c) => this.layout.isStream[c]);
      await bounded(Promise.all(streams.map((key) => admin.del(key))), DELETE_WAIT_MS);
      admin.disconnect();
    }
  }
}
