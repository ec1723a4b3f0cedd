/**
 * Where a live pub/sub run's messages go, fixed before it starts: the channels' names on the
 * server (run prefix included) and the stream key of each Streams channel, the subscriber
 * connections (one per plan worker, at most MAX_SUBSCRIBER_CONNECTIONS; worker w on connection
 * w mod that) and how many clients on each follow each channel. Clients are placed round-robin:
 * client i of an audience on worker i mod W, following channel i mod count of a per-one group.
 */
import type { Cluster } from 'ioredis';
import { MAX_SUBSCRIBER_CONNECTIONS } from '../../run';
import type { PubsubPlan, SlotRange } from '../../pubsub';
import { channelName } from '../../pubsub';

const STREAM_SUFFIX = ':stream';

export class ChannelLayout {
  /** Subscriber connections. */
  readonly connections: number;
  /** Channel c's name on the server. */
  readonly names: string[] = [];
  /** Channel c's stream key (used only where isStream[c]). */
  readonly streamKeys: string[];
  /** 1 where channel c belongs to a Streams class. */
  readonly isStream: Uint8Array;
  /** Clients following channel c, over all connections. */
  readonly channelRecipients: Float64Array;
  /** Clients on connection n. */
  readonly connectionClients: Float64Array;
  /** Clients on connection n following channel c, at [c · connections + n]. */
  private readonly recipients: Float64Array;
  private readonly channelIndex = new Map<string, number>();

  constructor(private readonly plan: PubsubPlan, prefix: string) {
    const C = plan.channels.count;
    const W = plan.workers.count;
    const N = Math.max(1, Math.min(W, MAX_SUBSCRIBER_CONNECTIONS));
    this.connections = N;
    this.isStream = new Uint8Array(C);
    for (const g of plan.groups) {
      for (let i = 0; i < g.count; i++) {
        const c = g.firstChannel + i;
        const name = `${prefix}${channelName(g.pattern, i)}`;
        this.names[c] = name;
        this.channelIndex.set(name, c);
        this.isStream[c] = plan.classes[g.classIndex].delivery === 'streams' ? 1 : 0;
      }
    }
    this.streamKeys = this.names.map((name) => `${name}${STREAM_SUFFIX}`);
    const onWorker = (clients: number, w: number): number => Math.floor(clients / W) + (w < clients % W ? 1 : 0);
    this.recipients = new Float64Array(C * N);
    for (const audience of plan.clients.audiences) {
      for (const f of audience.follows) {
        const g = plan.groups[f.group];
        if (f.perOne) {
          for (let i = 0; i < audience.clients; i++) this.recipients[(g.firstChannel + (i % g.count)) * N + ((i % W) % N)]++;
        } else {
          for (let w = 0; w < W; w++) {
            const clients = onWorker(audience.clients, w);
            if (clients === 0) continue;
            for (let c = g.firstChannel; c < g.firstChannel + g.count; c++) this.recipients[c * N + (w % N)] += clients;
          }
        }
      }
    }
    this.channelRecipients = new Float64Array(C);
    for (let c = 0; c < C; c++) for (let n = 0; n < N; n++) this.channelRecipients[c] += this.recipients[c * N + n];
    this.connectionClients = new Float64Array(N);
    for (let w = 0; w < W; w++) {
      for (const a of plan.clients.audiences) this.connectionClients[w % N] += onWorker(a.clients, w);
    }
  }

  get channelCount(): number {
    return this.names.length;
  }

  /** Clients on connection n following channel c. */
  clientsOn(c: number, n: number): number {
    return this.recipients[c * this.connections + n];
  }

  /** Connections with at least one client following channel c. */
  connectionsFollowing(c: number): number {
    let count = 0;
    for (let n = 0; n < this.connections; n++) if (this.clientsOn(c, n) > 0) count++;
    return count;
  }

  /** The class index of channel c. */
  classOf(c: number): number {
    return this.plan.groups[this.plan.channels.group[c]].classIndex;
  }

  /** The channel of a name on the server, or undefined when it is none of the run's. */
  channelNamed(name: string): number | undefined {
    return this.channelIndex.get(name);
  }

  /** The channel of a stream key, or undefined. */
  channelOfStream(key: string): number | undefined {
    return key.endsWith(STREAM_SUFFIX) ? this.channelIndex.get(key.slice(0, -STREAM_SUFFIX.length)) : undefined;
  }

  /** Channels connection n follows: names of pub/sub ones, indexes of Streams ones. */
  followedBy(n: number): { channels: string[]; streams: number[] } {
    const channels: string[] = [];
    const streams: number[] = [];
    for (let c = 0; c < this.channelCount; c++) {
      if (this.clientsOn(c, n) === 0) continue;
      if (this.isStream[c]) streams.push(c); else channels.push(this.names[c]);
    }
    return { channels, streams };
  }
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
