/**
 * A live pub/sub run's subscriber connections: one per connection of the layout, subscribed to
 * every pub/sub channel a client placed on it follows (SUBSCRIBE, or one SSUBSCRIBE per channel
 * through `Cluster({ shardedSubscribers: true })` when the plan publishes sharded on a cluster),
 * plus, when it follows Streams channels, a consumer group per stream and a reader connection.
 * Messages pushed to a connection are counted in the tally; close() unsubscribes and disconnects.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, type Redis } from 'ioredis';
import type { ChannelLayout } from './pubsub-layout';
import { groupName, type StreamSubscriber } from './pubsub-streams';
import type { DeliveryTally } from './pubsub-tally';

type Client = Redis | Cluster;

/** A new client of the run's target (not connected yet), named `name` on the server. */
export type ClientFactory = (name: string, shardedSubscribers: boolean) => Client;

/** Channels per SUBSCRIBE. */
const SUBSCRIBE_BATCH = 500;
/** Longest wait for ioredis' sharded subscribers, and for an SSUBSCRIBE they refuse meanwhile. */
const SHARDED_READY_MS = 3000;
/** Longest wait for an UNSUBSCRIBE when closing. */
const UNSUBSCRIBE_WAIT_MS = 500;

export interface Subscriber {
  index: number;
  client: Client;
  reader: Client | undefined;
  running: boolean;
}

export class SubscriberConnections {
  /** The connections opened so far, in layout order. */
  readonly list: Subscriber[] = [];
  /** Set by close(): an open() under way stops before its next connection (and leaves none behind). */
  private closed = false;

  constructor(
    private readonly layout: ChannelLayout,
    private readonly tally: DeliveryTally,
    /** SSUBSCRIBE instead of SUBSCRIBE. */
    private readonly sharded: boolean,
    private readonly clock: () => number,
    private readonly newClient: ClientFactory,
  ) {}

  /** Opens every connection, its subscriptions, consumer groups (created through `admin`) and reader. */
  async open(admin: Client): Promise<void> {
    const { layout, sharded } = this;
    for (let n = 0; n < layout.connections; n++) {
      this.throwIfClosed();
      const { channels, streams } = layout.followedBy(n);
      const client = this.newClient(`keyspace-live-worker-${n}`, sharded);
      const sub: Subscriber = { index: n, client, reader: undefined, running: true };
      this.list.push(sub);
      await client.connect();
      this.throwIfClosed();
      if (sharded && client instanceof Cluster) await waitForShardedSubscribers(client);
      client.on(sharded ? 'smessage' : 'message', (channel: string, message: string) => this.receive(n, channel, message));
      if (sharded) {
        // One SSUBSCRIBE per channel: the channels of one SSUBSCRIBE must share a slot.
        for (const channel of channels) await retrySubscribe(() => (client as Cluster).ssubscribe(channel));
      } else {
        for (let i = 0; i < channels.length; i += SUBSCRIBE_BATCH) await client.subscribe(...channels.slice(i, i + SUBSCRIBE_BATCH));
      }
      if (streams.length > 0) {
        for (const c of streams) await admin.xgroup('CREATE', layout.streamKeys[c], groupName(n), '$', 'MKSTREAM');
        this.throwIfClosed();
        sub.reader = this.newClient(`keyspace-live-worker-${n}-streams`, false);
        await sub.reader.connect();
      }
    }
  }

  /** After close(), what open() connected next is disconnected here (close() saw only the ones before). */
  private throwIfClosed(): void {
    if (!this.closed) return;
    for (const s of this.list) {
      s.client.disconnect();
      s.reader?.disconnect();
    }
    throw new Error('the pub/sub connections were closed while they were opening');
  }

  /** The connections with a Streams reader. */
  streamSubscribers(): StreamSubscriber[] {
    return this.list.filter((s): s is Subscriber & { reader: Client } => s.reader !== undefined);
  }

  /** Stops the readers (they finish their current call). */
  stop(): void {
    for (const s of this.list) s.running = false;
  }

  /** Unsubscribes (boundedly) and disconnects every connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    await Promise.all(this.list.map(async (s) => {
      await bounded(this.sharded ? (s.client as Cluster).sunsubscribe() : s.client.unsubscribe(), UNSUBSCRIBE_WAIT_MS);
      s.client.disconnect();
      s.reader?.disconnect();
    }));
  }

  private receive(n: number, channel: string, message: string): void {
    const now = this.clock();
    const c = this.layout.channelNamed(channel);
    if (c !== undefined) this.tally.message(n, c, message, now);
  }
}

/** Waits for a promise at most `ms` (its failure ignored). */
export function bounded(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise.catch(() => undefined), sleep(ms)]);
}

/** ioredis rejects SSUBSCRIBE until its sharded subscriber for the slot is up: retry for a while. */
async function retrySubscribe(subscribe: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + SHARDED_READY_MS;
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
  const deadline = Date.now() + SHARDED_READY_MS;
  while (Date.now() < deadline) {
    if (client.status === 'ready') break;
    await sleep(10);
  }
}
