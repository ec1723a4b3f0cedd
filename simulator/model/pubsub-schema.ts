/**
 * The design's optional `pubsub:` section: channels and their delivery classes, the Redis
 * topology, the workers that hold client connections, per-client backpressure, reconnects and
 * failure events. Units live in the strings (`256b`, `5us`, `2000/s`); `at:` is from run start.
 */
import { z } from 'zod';
import { distributionOf, duration, identifier, percent, rate, size } from './fields';
import { placeholderError, placeholders } from './patterns';
import type { DesignIssue } from './semantic';
import { parseRatePerSec } from './units';

/** Above this many clients a run is refused: it would need gigabytes and minutes. */
export const MAX_PUBSUB_CLIENTS = 5_000_000;
/** Above this many clients a run is allowed but warned about. */
export const WARN_PUBSUB_CLIENTS = 1_000_000;
/** channels × workers above this is refused (the per-worker routing table would be too big). */
export const MAX_CHANNEL_WORKER_PAIRS = 4_000_000;

const spread = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('uniform') }).strict(),
  z.object({
    dist: z.literal('zipf'),
    alpha: z.number().gt(0, 'zipf alpha must be above 0 (try 0.6–1.4)').max(5, 'zipf alpha above 5 sends everything to one channel; use { dist: hot } for that'),
  }).strict(),
  z.object({
    dist: z.literal('hot'),
    share: percent.describe('share of the group\'s publishes that go to its one hot channel; the rest spread uniformly'),
  }).strict(),
]).describe('how publishes spread over the channels of a group');

const deliveryClass = z.object({
  name: identifier,
  delivery: z.enum(['pubsub', 'streams'])
    .describe('pubsub: PUBLISH/SUBSCRIBE, at-most-once (a disconnect loses what was buffered and the gap); streams: XADD + consumer groups, retained and replayed from the last ACK'),
  ackInterval: duration.default('1s').describe('streams only: clients acknowledge what they received this often; a reconnect re-sends everything after the last ACK (duplicates)'),
}).strict();

const channel = z.object({
  name: identifier,
  pattern: z.string().min(1).max(1000, 'a channel pattern is at most 1000 characters').describe('channel name; {name} takes the channel index, {{name}} renders a hash tag so only the tag picks the slot'),
  count: z.number().int().min(1, 'a channel group has at least one channel').max(1_000_000, 'at most 1 million channels per group').default(1),
  class: identifier.describe('one of pubsub.classes'),
  publishRate: rate.describe('publishes per second over all channels of the group'),
  spread: spread.default({ dist: 'uniform' }),
  payload: distributionOf(size).default('256b'),
  arrivals: z.enum(['poisson', 'even']).default('poisson').describe('poisson: random gaps; even: one publish every 1/rate'),
}).strict();

const serviceTime = z.object({
  perMessage: duration.default('3us').describe('Redis CPU per PUBLISH/XADD (or per message received over the cluster bus)'),
  perSubscriber: duration.default('1us').describe('Redis CPU per subscriber connection a message is written to'),
  busHop: duration.default('5us').describe('Redis CPU on the publishing node per other node a classic PUBLISH is broadcast to'),
}).strict();

const outputBufferLimit = z.object({
  hard: size.default('32mb').describe('client-output-buffer-limit pubsub hard limit: over it the subscriber is disconnected at once'),
  soft: size.default('8mb'),
  softFor: duration.default('60s').describe('disconnect when the buffer stays over the soft limit this long'),
}).strict();

const topology = z.object({
  mode: z.enum(['standalone', 'sentinel', 'cluster']).default('standalone').describe('sentinel: one master that can fail over'),
  shards: z.number().int().min(1).max(1000, 'at most 1000 shards').optional().describe('cluster masters (default 3); only with mode: cluster'),
  publish: z.enum(['classic', 'sharded']).default('classic')
    .describe('classic PUBLISH is broadcast over the cluster bus to every node; sharded SPUBLISH stays in the shard owning the channel\'s slot'),
  serviceTime: serviceTime.default(serviceTime.parse({})),
  busLatency: duration.default('200us').describe('one hop over the cluster bus'),
  networkLatency: duration.default('200us').describe('Redis → worker, one way'),
  outputBufferLimit: outputBufferLimit.default(outputBufferLimit.parse({})),
}).strict();

const workers = z.object({
  count: z.number().int().min(1, 'at least one worker').max(1024, 'at most 1024 workers').default(2),
  placement: z.enum(['sticky', 'non-sticky']).default('non-sticky')
    .describe('sticky: clients of one room/channel land on one worker (by the first "per: one" follow); non-sticky: any worker'),
  loopCost: duration.default('20us').describe('worker CPU per message read from Redis (parse, route)'),
  sendCost: duration.default('5us').describe('worker CPU per client per message (frame + write)'),
  connectCost: duration.default('300us').describe('worker CPU per client (re)connection: handshake, auth, resubscribe'),
}).strict();

const follow = z.object({
  channels: identifier.describe('a channel group name'),
  per: z.enum(['one', 'all']).default('one')
    .describe('one: each client follows one channel of the group (its room, user, region: client i gets channel i mod count); all: every channel (broadcast)'),
}).strict();

const audience = z.object({
  name: identifier,
  share: percent.default('100%').describe('share of all clients; the audiences add up to 100%'),
  follows: z.array(follow).min(1, 'an audience follows at least one channel group'),
}).strict();

const clients = z.object({
  total: z.number().int().min(1, 'at least one client').describe('WebSocket clients over all workers'),
  latency: duration.default('10ms').describe('worker → client, one way'),
  speed: rate.default('500/s').describe('messages per second a client takes off its queue'),
  slow: z.object({ share: percent, speed: rate.describe('messages per second a slow client takes') }).strict().optional(),
  audiences: z.array(audience).min(1).optional().describe('who follows what; default: every client follows every channel'),
}).strict();

const backpressure = z.object({
  queueLimit: z.number().int().min(0).max(1_000_000, 'at most 1 000 000 messages per client queue').default(1000)
    .describe('messages a client queue holds at most (the one being written included)'),
  policy: z.enum(['drop-oldest', 'drop-newest', 'coalesce', 'block']).default('drop-oldest')
    .describe('when a queue is full: drop its oldest, drop the new one, coalesce by channel (latest wins), or block: the worker stops reading from Redis until the client drains. Streams messages are never dropped; they wait in the stream'),
  heartbeat: duration.default('30s').describe('ping interval; a silent connection loss is noticed after one interval'),
}).strict();

const reconnect = z.object({
  base: duration.default('100ms').describe('first backoff; attempt n waits min(max, base·2^(n−1)), minus up to jitter'),
  max: duration.default('10s'),
  jitter: percent.default('50%'),
  lanes: z.number().int().min(1).max(64).default(8)
    .describe('clients of a group are split into this many lanes that reconnect at different times (jitter resolution)'),
}).strict();

const at = duration.describe('when, from run start');
const failure = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('worker-restart'), at, worker: z.number().int().min(0).describe('worker index from 0'),
    duration: duration.default('5s').describe('down time before the worker accepts connections again'),
  }).strict(),
  z.object({
    kind: z.literal('subscriber-disconnect'), at,
    worker: z.number().int().min(0).optional().describe('default: every worker'),
    shard: z.number().int().min(0).optional().describe('default: every node'),
    duration: duration.default('0s').describe('reconnect attempts fail for this long'),
    silent: z.boolean().default(false).describe('no FIN/RST: noticed only after one heartbeat interval'),
  }).strict(),
  z.object({
    kind: z.literal('shard-failover'), at, shard: z.number().int().min(0).default(0),
    duration: duration.default('15s').describe('from master failure to replica promoted; publishers retry meanwhile'),
  }).strict(),
  z.object({
    kind: z.literal('reconnect-storm'), at,
    share: percent.default('100%').describe('share of clients whose connections drop at once (rounded to lanes)'),
    worker: z.number().int().min(0).optional().describe('default: every worker'),
  }).strict(),
]);

/** The `pubsub:` section of a design. */
export const pubsubSchema = z.object({
  classes: z.array(deliveryClass).min(1, 'pubsub needs at least one class').default([{ name: 'default', delivery: 'pubsub', ackInterval: '1s' }]),
  channels: z.array(channel).min(1, 'pubsub needs at least one channel group'),
  topology: topology.default(topology.parse({})),
  workers: workers.default(workers.parse({})),
  clients,
  backpressure: backpressure.default(backpressure.parse({})),
  reconnect: reconnect.default(reconnect.parse({})),
  failures: z.array(failure).default([]),
  drain: duration.default('10s').describe('after the last publish, how long in-flight messages may still be delivered'),
}).strict();

export type PubsubSpec = z.infer<typeof pubsubSchema>;
export type PubsubSpecInput = z.input<typeof pubsubSchema>;

/** Cross-field checks of a pubsub section; every path starts with 'pubsub'. */
export function checkPubsub(spec: PubsubSpec): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const add = (path: Array<string | number>, message: string) => issues.push({ path: ['pubsub', ...path], message });
  const classNames = uniqueNames(spec.classes, ['classes'], 'class', add);
  const groupNames = uniqueNames(spec.channels, ['channels'], 'channel group', add);
  const groups = new Map(spec.channels.map((group) => [group.name, group]));

  spec.channels.forEach((group, i) => {
    const problem = placeholderError(group.pattern);
    if (problem) add(['channels', i, 'pattern'], problem);
    else if (group.count > 1 && placeholders(group.pattern).length === 0) {
      add(['channels', i, 'pattern'], `pattern "${group.pattern}" has no {placeholder}, so its ${group.count} channels would share one name; write e.g. "${group.pattern}:{id}"`);
    }
    if (!classNames.has(group.class)) add(['channels', i, 'class'], `no class named "${group.class}"; known: ${[...classNames].join(', ')}`);
  });

  const { topology, workers, clients, backpressure } = spec;
  if (topology.shards !== undefined && topology.mode !== 'cluster' && topology.shards !== 1) {
    add(['topology', 'shards'], `${topology.shards} shards need mode: cluster (${topology.mode} has one master)`);
  }
  const nodes = topology.mode === 'cluster' ? topology.shards ?? 3 : 1;
  if (clients.total > MAX_PUBSUB_CLIENTS) {
    add(['clients', 'total'], `${clients.total.toLocaleString('en-US')} clients is over the limit of ${MAX_PUBSUB_CLIENTS.toLocaleString('en-US')}; model a share of the fleet (e.g. one region) and scale the result`);
  }
  if (backpressure.queueLimit === 0) {
    add(['backpressure', 'queueLimit'], 'a queue limit of 0 would drop every message; use at least 1 (typical: 100–10 000)');
  }
  if (!(rateOf(clients.speed) > 0)) add(['clients', 'speed'], `client speed "${clients.speed}" must be above 0/s`);
  if (clients.slow && !(rateOf(clients.slow.speed) > 0)) add(['clients', 'slow', 'speed'], `slow client speed "${clients.slow.speed}" must be above 0/s`);

  const totalChannels = spec.channels.reduce((sum, group) => sum + group.count, 0);
  if (totalChannels * workers.count > MAX_CHANNEL_WORKER_PAIRS) {
    add(['workers', 'count'], `${totalChannels} channels × ${workers.count} workers is over ${MAX_CHANNEL_WORKER_PAIRS.toLocaleString('en-US')}; use fewer channels or workers`);
  }

  if (clients.audiences) {
    const shareSum = clients.audiences.reduce((sum, a) => sum + Number.parseFloat(a.share), 0);
    if (Math.abs(shareSum - 100) > 1e-6) add(['clients', 'audiences'], `audience shares add up to ${shareSum}%, not 100%`);
    uniqueNames(clients.audiences, ['clients', 'audiences'], 'audience', add);
    clients.audiences.forEach((a, i) => {
      const seen = new Set<string>();
      a.follows.forEach((f, j) => {
        const path = ['clients', 'audiences', i, 'follows', j, 'channels'];
        if (!groups.has(f.channels)) add(path, `no channel group named "${f.channels}"; known: ${[...groupNames].join(', ')}`);
        if (seen.has(f.channels)) add(path, `audience "${a.name}" follows "${f.channels}" twice`);
        seen.add(f.channels);
      });
    });
  }

  spec.failures.forEach((event, i) => {
    if ('worker' in event && event.worker !== undefined && event.worker >= workers.count) {
      add(['failures', i, 'worker'], `worker ${event.worker} does not exist; workers are numbered 0 to ${workers.count - 1}`);
    }
    if ('shard' in event && event.shard !== undefined && event.shard >= nodes) {
      add(['failures', i, 'shard'], `shard ${event.shard} does not exist; ${nodes === 1 ? 'the only node is 0' : `shards are numbered 0 to ${nodes - 1}`}`);
    }
    if (event.kind === 'shard-failover' && topology.mode === 'standalone') {
      add(['failures', i, 'kind'], 'a standalone Redis has no replica to fail over to; use mode: sentinel or cluster (or a worker-restart / subscriber-disconnect)');
    }
  });
  return issues;
}

/** Things that are allowed but probably not meant (printed as warnings, never refused). */
export function pubsubWarnings(spec: PubsubSpec): string[] {
  const warnings: string[] = [];
  if (spec.clients.total > WARN_PUBSUB_CLIENTS && spec.clients.total <= MAX_PUBSUB_CLIENTS) {
    warnings.push(`pubsub.clients.total: ${spec.clients.total.toLocaleString('en-US')} clients is over ${WARN_PUBSUB_CLIENTS.toLocaleString('en-US')}; the run will be slow and memory-hungry`);
  }
  if (spec.topology.publish === 'sharded' && spec.topology.mode !== 'cluster') {
    warnings.push('pubsub.topology.publish: sharded publish only changes anything in a cluster (one master handles every channel)');
  }
  const audiences = spec.clients.audiences;
  if (spec.workers.placement === 'sticky' && (!audiences || audiences.every((a) => a.follows.every((f) => f.per === 'all')))) {
    warnings.push('pubsub.workers.placement: sticky placement needs a "per: one" follow to be sticky to; clients are spread as non-sticky');
  }
  const streams = new Set(spec.classes.filter((c) => c.delivery === 'streams').map((c) => c.name));
  if (streams.size > 0 && spec.backpressure.policy !== 'block') {
    warnings.push(`pubsub.backpressure.policy: ${spec.backpressure.policy} never drops streams messages (classes ${[...streams].join(', ')}); they wait in the stream until the client's queue has room`);
  }
  for (const [i, event] of spec.failures.entries()) {
    if (event.kind === 'reconnect-storm') {
      const share = Number.parseFloat(event.share) / 100;
      const lanes = spec.reconnect.lanes;
      if (share > 0 && Math.abs(Math.max(1, Math.round(share * lanes)) / lanes - share) > 1e-9) {
        warnings.push(`pubsub.failures[${i}].share: ${event.share} is rounded to ${Math.max(1, Math.round(share * lanes))} of ${lanes} reconnect lanes`);
      }
    }
  }
  return warnings;
}

function rateOf(text: string): number {
  const parsed = parseRatePerSec(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

function uniqueNames(
  items: ReadonlyArray<{ name: string }>, path: Array<string | number>, what: string,
  add: (path: Array<string | number>, message: string) => void,
): Set<string> {
  const names = new Set<string>();
  items.forEach((item, i) => {
    if (names.has(item.name)) add([...path, i, 'name'], `${what} "${item.name}" is defined twice`);
    names.add(item.name);
  });
  return names;
}
