/**
 * The pub/sub part of the TypeScript module: channel name builders per channel group, publish and
 * subscribe helpers (SPUBLISH/SSUBSCRIBE when the design's topology publishes sharded), and for
 * Streams classes an append and a consumer-group read. Empty when the design has no pub/sub.
 */
import type { ExportFacts } from './facts';
import { tsTemplate } from './key-template';
import { commentSafe, quote, safeIdentifier } from './names';

export function tsPubsub(facts: ExportFacts): string {
  if (!facts.pubsub || facts.channels.length === 0) return '';
  const groups = facts.channels;
  const parts = [`/** Publish and subscribe sharded (SPUBLISH/SSUBSCRIBE: a channel lives on the shard owning its slot) or classic. */
export const SHARDED_PUBSUB: boolean = ${facts.sharded};

/** Channel groups: name pattern, number of channels, delivery (pubsub: at most once; streams: replayed from the last ACK). */
export const CHANNEL_GROUPS = {
${groups.map((g) => `  ${g.camel}: { pattern: ${quote(g.pattern)}, count: ${g.count}, deliveryClass: ${quote(g.className)}, delivery: ${quote(g.delivery)}, publishesPerSec: ${g.publishRatePerSec} },`).join('\n')}
} as const;

/** Channel name builders, one per channel group; a {{tag}} placeholder keeps its braces. */
export const channels = {
${groups.map((g) => `  /** ${commentSafe(g.pattern)} */\n  ${g.camel}: (${g.params.map((p) => `${safeIdentifier(p)}: string | number`).join(', ')}): string => ${tsTemplate(g.pattern, safeIdentifier)},`).join('\n')}
} as const;`];
  if (groups.some((g) => g.delivery === 'pubsub')) parts.push(PUBSUB_HELPERS);
  if (groups.some((g) => g.delivery === 'streams')) parts.push(STREAM_HELPERS);
  return parts.join('\n\n');
}

const PUBSUB_HELPERS = `export type MessageHandler = (channel: string, message: string) => void;

interface Emitter {
  on(event: string, listener: MessageHandler): unknown;
  off(event: string, listener: MessageHandler): unknown;
}

/** Publishes a message; resolves to the number of subscribers that received it (on that node). */
export async function publish(client: Client, channel: string, message: string): Promise<number> {
  return Number(SHARDED_PUBSUB ? await client.spublish(channel, message) : await client.publish(channel, message));
}

/**
 * Subscribes a dedicated connection (it can do nothing else afterwards) to channels; onMessage
 * gets every message. Resolves to a function that unsubscribes. For sharded pub/sub on a cluster,
 * create the Cluster with { shardedSubscribers: true }.
 */
export async function subscribe(subscriber: Client, channelNames: readonly string[], onMessage: MessageHandler): Promise<() => Promise<void>> {
  const event = SHARDED_PUBSUB ? 'smessage' : 'message';
  const emitter = subscriber as unknown as Emitter;
  emitter.on(event, onMessage);
  if (SHARDED_PUBSUB) await subscriber.ssubscribe(...channelNames);
  else await subscriber.subscribe(...channelNames);
  return async () => {
    if (SHARDED_PUBSUB) await subscriber.sunsubscribe(...channelNames);
    else await subscriber.unsubscribe(...channelNames);
    emitter.off(event, onMessage);
  };
}`;

const STREAM_HELPERS = `/** Appends a message to a Streams channel, trimming the stream to about maxLen entries. */
export async function appendToStream(client: Client, stream: string, message: string, maxLen = 10_000): Promise<string> {
  return (await client.xadd(stream, 'MAXLEN', '~', maxLen, '*', 'payload', message)) ?? '';
}

/**
 * Reads one batch for a consumer of a group (the group is created at the stream's start when
 * missing), hands each message to onMessage and ACKs it; resolves to the number handled.
 * Unacknowledged messages are re-read by XAUTOCLAIM or after a restart: at-least-once.
 */
export async function readStream(
  client: Client, stream: string, group: string, consumer: string,
  onMessage: (id: string, message: string) => void | Promise<void>,
  options: { count?: number; blockMs?: number } = {},
): Promise<number> {
  try {
    await client.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
  const reply = (await client.xreadgroup('GROUP', group, consumer, 'COUNT', options.count ?? 100, 'BLOCK', options.blockMs ?? 1000, 'STREAMS', stream, '>')) as Array<[string, Array<[string, string[]]>]> | null;
  let handled = 0;
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const at = fields.indexOf('payload');
      await onMessage(id, at >= 0 ? fields[at + 1] ?? '' : '');
      await client.xack(stream, group, id);
      handled++;
    }
  }
  return handled;
}`;
