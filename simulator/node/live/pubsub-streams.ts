/**
 * A live pub/sub run's Streams side: one consumer group per subscriber connection, read with
 * XREADGROUP BLOCK on the connection's own reader (one call per slot in a cluster, since the keys
 * of one call must share it), XACK after each read, every entry counted in the tally.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import type { CancelSignal } from '../../run';
import { keyHashSlot } from '../../pubsub';
import type { ChannelLayout } from './pubsub-layout';
import type { DeliveryTally } from './pubsub-tally';

type Client = Redis | Cluster;
type StreamEntries = Array<[string, string[]]>;

/** Entries read per stream and call. */
const READ_COUNT = 500;

/** The consumer group of subscriber connection n. */
export function groupName(n: number): string {
  return `keyspace-live-w${n}`;
}

/** What a reader needs of its subscriber connection. */
export interface StreamSubscriber {
  readonly index: number;
  readonly reader: Client;
  /** Cleared when the run stops reading. */
  readonly running: boolean;
}

export class StreamReader {
  constructor(
    private readonly layout: ChannelLayout,
    private readonly tally: DeliveryTally,
    private readonly cluster: boolean,
    private readonly clock: () => number,
    private readonly warnings: string[],
  ) {}

  /** Reads the subscriber's streams until it stops running or the run is cancelled. */
  async read(sub: StreamSubscriber, signal: CancelSignal): Promise<void> {
    const { layout } = this;
    const bySlot = new Map<number, number[]>();
    for (const c of layout.followedBy(sub.index).streams) {
      const slot = this.cluster ? keyHashSlot(layout.streamKeys[c]) : 0;
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
        read += await this.readBatch(sub, batch, batches.length === 1 ? blockMs : undefined);
        if (!sub.running || signal.aborted) break;
      }
      if (read === 0 && batches.length > 1 && sub.running) {
        read += await this.readBatch(sub, batches[turn++ % batches.length], blockMs);
      }
    }
  }

  private async readBatch(sub: StreamSubscriber, batch: number[], blockMs: number | undefined): Promise<number> {
    const keys = batch.map((c) => this.layout.streamKeys[c]);
    const group = groupName(sub.index);
    const args: Array<string | number> = ['GROUP', group, 'c', 'COUNT', READ_COUNT];
    if (blockMs !== undefined) args.push('BLOCK', blockMs);
    args.push('STREAMS', ...keys, ...keys.map(() => '>'));
    let reply: unknown;
    try {
      reply = await sub.reader.call('XREADGROUP', ...args);
    } catch (error) {
      this.warnings.push(`XREADGROUP failed: ${(error as Error).message}`);
      await sleep(50);
      return 0;
    }
    const now = this.clock();
    if (!Array.isArray(reply)) return 0;
    let read = 0;
    for (const [key, entries] of streamReplies(reply)) {
      const c = this.layout.channelOfStream(key);
      if (c === undefined || entries.length === 0) continue;
      const ids: string[] = [];
      for (const [id, fields] of entries) {
        ids.push(id);
        this.tally.message(sub.index, c, fields[1] ?? '', now);
      }
      read += entries.length;
      await sub.reader.xack(key, group, ...ids);
    }
    return read;
  }
}

/** XREADGROUP's reply as [key, entries] pairs: RESP2 nests them, RESP3 (a map) arrives flattened. */
function streamReplies(reply: unknown[]): Array<[string, StreamEntries]> {
  if (reply.length === 0) return [];
  if (Array.isArray(reply[0])) return reply as Array<[string, StreamEntries]>;
  const pairs: Array<[string, StreamEntries]> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), reply[i + 1] as StreamEntries]);
  return pairs;
}
