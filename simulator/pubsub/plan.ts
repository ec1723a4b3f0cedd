/**
 * compilePubsubPlan: the `pubsub:` section resolved to plain numbers — every unit parsed, every
 * channel named, hashed to its slot and placed on its shard — so the simulation reads no strings.
 */
import { checkPubsub, pubsubWarnings } from '../model';
import type { PubsubSpec } from '../model';
import { parseDurationMs, parseRatePerSec, parseSizeBytes } from '../model';
import type { KeySkew, NumberDist } from '../traffic';
import { distMean } from '../traffic';
import { compileChannels } from './channels';
import type { ChannelTable } from './channels';
import { evenSlotRanges } from './slots';
import type { SlotRange } from './slots';

export type DeliveryKind = 'pubsub' | 'streams';
export type QueuePolicy = 'drop-oldest' | 'drop-newest' | 'coalesce' | 'block';
export type FailureKind = 'worker-restart' | 'subscriber-disconnect' | 'shard-failover' | 'reconnect-storm';

export interface PlanClass {
  name: string;
  delivery: DeliveryKind;
  ackIntervalMs: number;
}

/** A channel group: `count` channels sharing a pattern, a class and a publish rate. */
export interface PlanGroup {
  name: string;
  pattern: string;
  count: number;
  /** Index of the group's first channel in the channel table. */
  firstChannel: number;
  classIndex: number;
  ratePerSec: number;
  skew: KeySkew;
  payload: NumberDist;
  meanPayloadBytes: number;
  poisson: boolean;
}

export interface PlanAudience {
  name: string;
  clients: number;
  follows: Array<{ group: number; perOne: boolean }>;
}

export interface PlanFailure {
  kind: FailureKind;
  atMs: number;
  /** -1: every worker. */
  worker: number;
  /** -1: every node. */
  node: number;
  durationMs: number;
  silent: boolean;
  /** reconnect-storm: share of clients, 0..1. */
  share: number;
}

export interface PubsubPlan {
  seed: number;
  /** Publishing stops here (virtual ms from run start). */
  durationMs: number;
  /** In-flight messages may still be delivered until durationMs + drainMs. */
  drainMs: number;
  topology: {
    mode: 'standalone' | 'sentinel' | 'cluster';
    publish: 'classic' | 'sharded';
    nodes: number;
    slotRanges: SlotRange[][];
    perMessageMs: number;
    perSubscriberMs: number;
    busHopMs: number;
    busLatencyMs: number;
    networkLatencyMs: number;
    hardLimitBytes: number;
    softLimitBytes: number;
    softLimitMs: number;
  };
  classes: PlanClass[];
  groups: PlanGroup[];
  channels: ChannelTable;
  workers: { count: number; sticky: boolean; loopMs: number; sendMs: number; connectMs: number };
  clients: {
    total: number;
    latencyMs: number;
    serviceMs: number;
    slowShare: number;
    slowServiceMs: number;
    audiences: PlanAudience[];
  };
  backpressure: { queueLimit: number; policy: QueuePolicy; heartbeatMs: number };
  reconnect: { baseMs: number; maxMs: number; jitter: number; lanes: number };
  failures: PlanFailure[];
  warnings: string[];
}

/** A run publishing more than this is refused (minutes of CPU); above a tenth of it, warned about. */
export const MAX_PUBLISHES = 300_000_000;

export interface PubsubPlanOptions {
  /** The run's virtual duration (the traffic phases' total), ms. */
  durationMs: number;
  seed: number;
}

/** Resolves a checked spec; throws an Error listing every problem when the spec is not valid. */
export function compilePubsubPlan(spec: PubsubSpec, options: PubsubPlanOptions): PubsubPlan {
  const issues = checkPubsub(spec);
  if (issues.length > 0) {
    throw new Error(`pubsub section is not valid:\n${issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  if (!(options.durationMs > 0 && options.durationMs < Infinity)) {
    throw new RangeError(`durationMs ${options.durationMs} is not valid; use the run's total phase duration in ms (> 0)`);
  }
  const warnings = pubsubWarnings(spec);
  const { topology: t } = spec;
  const nodes = t.mode === 'cluster' ? t.shards ?? 3 : 1;
  const classIndex = new Map(spec.classes.map((c, i) => [c.name, i]));
  const groups = compileGroups(spec, classIndex);
  const slotRanges = evenSlotRanges(nodes).map((range) => [range]);
  const channels = compileChannels(groups, slotRanges);

  const publishes = groups.reduce((sum, g) => sum + (g.ratePerSec * options.durationMs) / 1000, 0);
  if (publishes > MAX_PUBLISHES) {
    throw new RangeError(`pubsub: ${fmt(publishes)} publishes over ${fmt(options.durationMs / 1000)} s is over the limit of ${fmt(MAX_PUBLISHES)}; lower publishRate or shorten the run`);
  }
  if (publishes > MAX_PUBLISHES / 10) warnings.push(`pubsub: ${fmt(publishes)} publishes will take a while to simulate (about 1 s per million)`);
  for (const f of spec.failures) {
    const atMs = ms(f.at);
    if (atMs >= options.durationMs) warnings.push(`pubsub.failures: ${f.kind} at ${f.at} is at or after the end of publishing (${options.durationMs} ms)`);
  }
  const slow = spec.clients.slow;
  return {
    seed: options.seed,
    durationMs: options.durationMs,
    drainMs: ms(spec.drain),
    topology: {
      mode: t.mode,
      publish: t.publish,
      nodes,
      slotRanges,
      perMessageMs: ms(t.serviceTime.perMessage),
      perSubscriberMs: ms(t.serviceTime.perSubscriber),
      busHopMs: ms(t.serviceTime.busHop),
      busLatencyMs: ms(t.busLatency),
      networkLatencyMs: ms(t.networkLatency),
      hardLimitBytes: bytes(t.outputBufferLimit.hard),
      softLimitBytes: bytes(t.outputBufferLimit.soft),
      softLimitMs: ms(t.outputBufferLimit.softFor),
    },
    classes: spec.classes.map((c) => ({ name: c.name, delivery: c.delivery, ackIntervalMs: Math.max(ms(c.ackInterval), 0.001) })),
    groups,
    channels,
    workers: {
      count: spec.workers.count,
      sticky: spec.workers.placement === 'sticky',
      loopMs: ms(spec.workers.loopCost),
      sendMs: ms(spec.workers.sendCost),
      connectMs: ms(spec.workers.connectCost),
    },
    clients: {
      total: spec.clients.total,
      latencyMs: ms(spec.clients.latency),
      serviceMs: 1000 / perSec(spec.clients.speed),
      slowShare: slow ? pct(slow.share) : 0,
      slowServiceMs: slow ? 1000 / perSec(slow.speed) : 0,
      audiences: compileAudiences(spec, groups),
    },
    backpressure: {
      queueLimit: spec.backpressure.queueLimit,
      policy: spec.backpressure.policy,
      heartbeatMs: ms(spec.backpressure.heartbeat),
    },
    reconnect: {
      baseMs: ms(spec.reconnect.base),
      maxMs: Math.max(ms(spec.reconnect.max), ms(spec.reconnect.base)),
      jitter: pct(spec.reconnect.jitter),
      lanes: spec.reconnect.lanes,
    },
    failures: spec.failures.map(compileFailure).sort((a, b) => a.atMs - b.atMs),
    warnings,
  };
}

function compileGroups(spec: PubsubSpec, classIndex: Map<string, number>): PlanGroup[] {
  let firstChannel = 0;
  return spec.channels.map((g) => {
    const payload = toDist(g.payload);
    const group: PlanGroup = {
      name: g.name,
      pattern: g.pattern,
      count: g.count,
      firstChannel,
      classIndex: classIndex.get(g.class) ?? 0,
      ratePerSec: perSec(g.publishRate),
      skew: toSkew(g.spread, g.count),
      payload,
      meanPayloadBytes: distMean(payload),
      poisson: g.arrivals === 'poisson',
    };
    firstChannel += g.count;
    return group;
  });
}

/** Audience client counts by cumulative rounding, so they add up to the total exactly. */
function compileAudiences(spec: PubsubSpec, groups: PlanGroup[]): PlanAudience[] {
  const groupIndex = new Map(groups.map((g, i) => [g.name, i]));
  const specs = spec.clients.audiences
    ?? [{ name: 'everyone', share: '100%', follows: groups.map((g) => ({ channels: g.name, per: 'all' as const })) }];
  const total = spec.clients.total;
  let cumulative = 0;
  let assigned = 0;
  return specs.map((a, i) => {
    cumulative += pct(a.share);
    const upTo = i === specs.length - 1 ? total : Math.min(total, Math.round(cumulative * total));
    const clients = Math.max(0, upTo - assigned);
    assigned += clients;
    return {
      name: a.name,
      clients,
      follows: a.follows.map((f) => ({ group: groupIndex.get(f.channels) ?? 0, perOne: f.per === 'one' })),
    };
  });
}

function compileFailure(f: PubsubSpec['failures'][number]): PlanFailure {
  const base: PlanFailure = { kind: f.kind, atMs: ms(f.at), worker: -1, node: -1, durationMs: 0, silent: false, share: 1 };
  switch (f.kind) {
    case 'worker-restart':
      return { ...base, worker: f.worker, durationMs: ms(f.duration) };
    case 'subscriber-disconnect':
      return { ...base, worker: f.worker ?? -1, node: f.shard ?? -1, durationMs: ms(f.duration), silent: f.silent };
    case 'shard-failover':
      return { ...base, node: f.shard, durationMs: ms(f.duration) };
    case 'reconnect-storm':
      return { ...base, worker: f.worker ?? -1, share: pct(f.share) };
  }
}

type SpreadSpec = PubsubSpec['channels'][number]['spread'];
function toSkew(spread: SpreadSpec, count: number): KeySkew {
  switch (spread.dist) {
    case 'uniform': return { kind: 'uniform' };
    case 'zipf': return { kind: 'zipf', alpha: spread.alpha };
    // One hot channel: hotKeysFraction 1/count rounds to exactly one key in the sampler.
    case 'hot': return { kind: 'hotspot', hotKeysFraction: 1 / count, hotRequestsFraction: pct(spread.share) };
  }
}

type PayloadSpec = PubsubSpec['channels'][number]['payload'];
function toDist(spec: PayloadSpec): NumberDist {
  if (typeof spec === 'string') return { kind: 'fixed', value: bytes(spec) };
  switch (spec.dist) {
    case 'fixed': return { kind: 'fixed', value: bytes(spec.value) };
    case 'uniform': return { kind: 'uniform', min: bytes(spec.min), max: bytes(spec.max) };
    case 'normal': return { kind: 'normal', mean: bytes(spec.mean), stddev: bytes(spec.stddev), min: 1 };
    case 'lognormal': return { kind: 'lognormal', median: bytes(spec.p50), p99: bytes(spec.p99) };
    case 'exponential': return { kind: 'exponential', mean: bytes(spec.mean) };
  }
}

function must(parsed: { ok: true; value: number } | { ok: false; error: string }): number {
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}
const ms = (text: string) => must(parseDurationMs(text));
const bytes = (text: string) => must(parseSizeBytes(text));
const perSec = (text: string) => must(parseRatePerSec(text));
const pct = (text: string) => Number.parseFloat(text) / 100;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
