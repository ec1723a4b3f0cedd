/**
 * PubsubSimulation: the discrete-event model publisher → Redis node → subscriber link → worker
 * loop → client queue → client, on a virtual clock the host drives with advanceTo(t), so it can
 * be interleaved with the cache simulation. Deterministic: same plan (and seed) ⇒ same result.
 */
import { Rng } from '../traffic';
import {
  Agenda, EV_BUS, EV_CLIENT_RETRY, EV_FAILURE, EV_LINK_RETRY, EV_NODE_OUT, EV_PUBLISH, EV_RECOVER, EV_WORKER_NEXT,
} from './agenda';
import { Backoff } from './backoff';
import { ClientQueues } from './client-queues';
import { CH_CLASS, CH_NODE, CH_PUBLISHES, CH_RECIPIENTS, CH_STRIDE } from './channel-info';
import { buildCohorts } from './cohorts';
import type { CohortTable } from './cohorts';
import { DeliveryCounters } from './counters';
import { Failures } from './failures';
import { SubscriberLinks } from './links';
import type { PubsubPlan } from './plan';
import { Publishers } from './publishers';
import { RedisNodes } from './redis-nodes';
import { buildMetrics } from './result';
import type { PubsubMetrics, PubsubSnapshot } from '../run/schema';
import { Workers } from './workers';

const DRAIN_CHECK_MS = 100;

export class PubsubSimulation {
  readonly plan: PubsubPlan;
  readonly cohorts: CohortTable;
  private readonly agenda = new Agenda();
  private readonly counters: DeliveryCounters;
  private readonly queues: ClientQueues;
  private readonly links: SubscriberLinks;
  private readonly workers: Workers;
  private readonly nodes: RedisNodes;
  private readonly failures: Failures;
  private readonly publishers: Publishers;
  private readonly classOf: Int32Array;
  private readonly endMs: number;
  private nowMs = 0;
  private finished = false;
  private lastDrainCheckMs = -Infinity;
  private last = { tMs: 0, published: 0, delivered: 0, dropped: 0, lost: 0, duplicated: 0, nodeMessages: new Float64Array(0) };

  constructor(plan: PubsubPlan) {
    this.plan = plan;
    const rng = new Rng(plan.seed).fork('pubsub');
    const { channels, classes, topology: t } = plan;
    this.classOf = new Int32Array(channels.count);
    for (let c = 0; c < channels.count; c++) this.classOf[c] = plan.groups[channels.group[c]].classIndex;
    const streams = Uint8Array.from(classes, (c) => (c.delivery === 'streams' ? 1 : 0));
    this.endMs = plan.durationMs + plan.drainMs;

    this.cohorts = buildCohorts(plan);
    this.counters = new DeliveryCounters(classes.length);
    this.queues = new ClientQueues(this.cohorts, this.counters, {
      queueLimit: plan.backpressure.queueLimit,
      policy: plan.backpressure.policy,
      clientLatencyMs: plan.clients.latencyMs,
      classOfChannel: this.classOf,
      streamsClass: streams,
      ackIntervalMsOfClass: Float64Array.from(classes, (c) => c.ackIntervalMs),
    });
    this.links = new SubscriberLinks(plan.workers.count, t.nodes, t.hardLimitBytes, t.softLimitBytes, t.softLimitMs);
    this.workers = new Workers(this.cohorts, this.queues, this.links, this.counters, this.agenda, this.classOf, plan.workers);
    this.nodes = new RedisNodes(plan, this.cohorts, this.links, this.workers, this.counters, this.agenda, this.classOf, streams);
    for (let w = 0; w < plan.workers.count; w++) {
      for (let n = 0; n < t.nodes; n++) {
        const home = t.publish === 'classic' && t.nodes > 1 ? w % t.nodes === n : true;
        if (home) this.links.used[this.links.index(w, n)] = 1;
      }
    }
    const backoff = new Backoff(plan.reconnect.baseMs, plan.reconnect.maxMs, plan.reconnect.jitter, rng.fork('backoff'));
    this.failures = new Failures(plan.failures, this.cohorts, this.queues, this.workers, this.links, this.nodes,
      this.agenda, backoff, plan.backpressure.heartbeatMs, plan.reconnect.lanes);
    this.workers.listen(this.failures);
    this.nodes.listen(this.failures);

    this.publishers = new Publishers(plan.groups, plan.durationMs, rng.fork('publishers'));
    plan.groups.forEach((_g, i) => this.schedulePublish(i));
    this.last.nodeMessages = new Float64Array(t.nodes);
  }

  /** Virtual time reached so far (ms). */
  get tMs(): number {
    return this.nowMs;
  }

  /** True once publishing is over and every message has arrived, or the drain time is up. */
  get done(): boolean {
    return this.finished;
  }

  /** Runs every event up to `tMs` (never past durationMs + drainMs). */
  advanceTo(tMs: number): void {
    const until = tMs < this.endMs ? tMs : this.endMs;
    const a = this.agenda;
    while (a.peekTime() <= until) {
      const t = a.pop();
      this.nowMs = t;
      switch (a.kind) {
        case EV_PUBLISH: this.publish(a.a, t); break;
        case EV_NODE_OUT: this.nodes.out(a.a, t, a.d, a.b, a.c); break;
        case EV_BUS: this.nodes.busArrive(a.a, t, a.d, a.b, a.c); break;
        case EV_WORKER_NEXT: this.workers.next(a.a, t); break;
        case EV_FAILURE: this.failures.begin(a.a, t); break;
        case EV_RECOVER: this.failures.end(a.a, t); break;
        case EV_LINK_RETRY: this.failures.linkRetry(a.a, t); break;
        case EV_CLIENT_RETRY: this.failures.clientRetry(a.a, t); break;
      }
    }
    if (until > this.nowMs) this.nowMs = until;
    if (this.nowMs >= this.endMs) this.finished = true;
    else if (this.nowMs >= this.plan.durationMs && this.nowMs - this.lastDrainCheckMs >= DRAIN_CHECK_MS) {
      // Checking is O(cohorts), so it is done at most once per DRAIN_CHECK_MS of virtual time.
      this.lastDrainCheckMs = this.nowMs;
      this.finished = this.pendingTotal() === 0;
    }
  }

  /** Bytes Redis holds in subscriber output buffers now (they count toward maxmemory). */
  outputBufferBytes(): number {
    return this.links.totalBufferBytes;
  }

  /** The pub/sub point of the time series: counts since the previous snapshot. */
  snapshot(tMs: number): PubsubSnapshot {
    this.advanceQueues(Math.min(tMs, this.nowMs));
    const c = this.counters;
    const now = {
      published: c.total(c.published), delivered: c.total(c.delivered), dropped: c.total(c.dropped),
      lost: c.total(c.lost), duplicated: c.total(c.duplicated),
    };
    const windowSec = Math.max(tMs - this.last.tMs, 1e-9) / 1000;
    const shardMsgsPerSec = Array.from(this.nodes.messages, (m, n) => (m - this.last.nodeMessages[n]) / windowSec);
    const w = c.window;
    const snapshot: PubsubSnapshot = {
      tMs,
      published: now.published - this.last.published,
      delivered: now.delivered - this.last.delivered,
      dropped: now.dropped - this.last.dropped,
      lost: now.lost - this.last.lost,
      duplicated: now.duplicated - this.last.duplicated,
      p50Ms: w.valueAtPercentile(50) / 1000,
      p95Ms: w.valueAtPercentile(95) / 1000,
      p99Ms: w.valueAtPercentile(99) / 1000,
      shardMsgsPerSec,
      outputBufferBytes: this.links.totalBufferBytes,
      queueMemoryBytes: this.queues.queueBytes,
      connectedClients: this.queues.connectedClients,
    };
    w.reset();
    this.last = { tMs, ...now, nodeMessages: Float64Array.from(this.nodes.messages) };
    return snapshot;
  }

  /** The `pubsub` section of the RunResult, as of now. */
  result(): PubsubMetrics {
    this.advanceQueues(this.nowMs);
    return buildMetrics({
      plan: this.plan,
      counters: this.counters,
      cohorts: this.cohorts,
      queues: this.queues,
      links: this.links,
      workers: this.workers,
      nodes: this.nodes,
      failures: this.failures,
      pending: this.pendingByClass(),
    });
  }

  private publish(g: number, tMs: number): void {
    const channel = this.publishers.channel(g);
    const bytes = this.publishers.payloadBytes(g);
    const info = this.cohorts.channelInfo;
    const r = channel * CH_STRIDE;
    const cls = info[r + CH_CLASS];
    this.counters.published[cls]++;
    this.counters.expected[cls] += info[r + CH_RECIPIENTS];
    info[r + CH_PUBLISHES]++;
    this.nodes.publish(info[r + CH_NODE], tMs, tMs, channel, bytes);
    this.schedulePublish(g);
  }

  private schedulePublish(g: number): void {
    const next = this.publishers.nextTime(g);
    if (next < Infinity) this.agenda.push(next, EV_PUBLISH, g, 0, 0, 0);
  }

  private advanceQueues(tMs: number): void {
    for (let k = 0; k < this.cohorts.count; k++) if (this.queues.length(k) > 0) this.queues.advance(k, tMs);
  }

  private pendingByClass(): Float64Array {
    const pending = new Float64Array(this.plan.classes.length);
    this.queues.pendingInto(pending);
    this.workers.pendingInto(pending);
    this.nodes.pendingInto(pending);
    return pending;
  }

  private pendingTotal(): number {
    this.advanceQueues(this.nowMs);
    return this.pendingByClass().reduce((a, b) => a + b, 0);
  }
}
