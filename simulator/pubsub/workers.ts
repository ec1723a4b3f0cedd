/**
 * The workers (app instances holding the WebSocket clients). Each runs one single-threaded loop
 * (Node's event loop): it takes its inbox in order, spends `loopMs` per message read from Redis
 * plus `sendMs` per client it writes the message to, and `connectMs` per client handshake.
 * While the loop is busy nothing is read, so pub/sub pushes wait in Redis's output buffer; under
 * the block policy the loop also waits for a full client queue to take the head.
 */
import type { Agenda } from './agenda';
import { EV_WORKER_NEXT } from './agenda';
import type { ClientQueues } from './client-queues';
import type { CohortTable } from './cohorts';
import type { DeliveryCounters } from './counters';
import { Inbox } from './inbox';
import { CH_SOLE, CH_STRIDE, groupOf, SOLE_WORKERS } from './channel-info';
import type { SubscriberLinks } from './links';

/** Told when a client handshake completes or is thrown away by a restart. */
export interface HandshakeListener {
  connected(cohort: number, tMs: number): void;
  aborted(cohort: number, tMs: number): void;
}

export interface WorkerCosts {
  loopMs: number;
  sendMs: number;
  connectMs: number;
}

export class Workers {
  readonly count: number;
  readonly up: Uint8Array;
  readonly busyUntil: Float64Array;
  readonly busyMs: Float64Array;
  readonly messagesIn: Float64Array;
  /** Client writes, per worker (a message to a cohort of n clients counts n). */
  readonly sends: Float64Array;
  private readonly scheduled: Uint8Array;
  private readonly inboxes: Inbox[];
  /** Stream entries a worker could not read while it was down, re-read when it is back. */
  private readonly streamBacklog: number[][];
  private listener: HandshakeListener | null = null;

  constructor(
    private readonly cohorts: CohortTable,
    private readonly queues: ClientQueues,
    private readonly links: SubscriberLinks,
    private readonly counters: DeliveryCounters,
    private readonly agenda: Agenda,
    private readonly classOf: Int32Array,
    private readonly costs: WorkerCosts,
  ) {
    const W = cohorts.workers;
    this.count = W;
    this.up = new Uint8Array(W).fill(1);
    this.busyUntil = new Float64Array(W);
    this.busyMs = new Float64Array(W);
    this.messagesIn = new Float64Array(W);
    this.sends = new Float64Array(W);
    this.scheduled = new Uint8Array(W);
    this.inboxes = Array.from({ length: W }, () => new Inbox());
    this.streamBacklog = Array.from({ length: W }, () => []);
  }

  listen(listener: HandshakeListener): void {
    this.listener = listener;
  }

  /**
   * A pub/sub push (link ≥ 0) or a stream entry (link −1) reaches worker w at `arrival`. An idle
   * worker with nothing queued takes it at once (its loop starts at `arrival`); otherwise it waits.
   */
  receive(w: number, arrival: number, pubTime: number, channel: number, bytes: number, link: number, wire: number): void {
    if (this.up[w] === 0) {
      // Only stream entries get here while the worker is down (its links are closed): they wait in the stream.
      this.streamBacklog[w].push(pubTime, channel, bytes);
      return;
    }
    if (this.inboxes[w].length === 0 && this.scheduled[w] === 0 && this.busyUntil[w] <= arrival) {
      this.take(w, arrival, pubTime, channel, bytes, link, wire);
      return;
    }
    this.inboxes[w].push(arrival, pubTime, channel, bytes, link, wire);
    this.wake(w, arrival);
  }

  /** A client cohort asks to (re)connect to worker w at `tMs`. */
  handshake(w: number, tMs: number, cohort: number): void {
    this.inboxes[w].push(tMs, 0, -1 - cohort, 0, -1, 0);
    this.wake(w, tMs);
  }

  /**
   * The agenda's EV_WORKER_NEXT: the loop takes its next inbox record, and goes on with the
   * following ones as long as nothing else in the simulation is due before they start.
   */
  next(w: number, nowMs: number): void {
    this.scheduled[w] = 0;
    const inbox = this.inboxes[w];
    let start = nowMs;
    while (this.up[w] === 1 && inbox.length > 0) {
      const data = inbox.array();
      const o = inbox.offset(0);
      const pubTime = data[o + 1];
      const channel = data[o + 2];
      const bytes = data[o + 3];
      const link = data[o + 4];
      const wire = data[o + 5];
      inbox.shift();
      this.take(w, start, pubTime, channel, bytes, link, wire);
      if (inbox.length === 0) return;
      const arrival = inbox.array()[inbox.offset(0)];
      start = arrival > this.busyUntil[w] ? arrival : this.busyUntil[w];
      if (!this.agenda.canRunAt(start)) {
        this.wake(w, arrival);
        return;
      }
    }
  }

  /** The loop handles one record starting at `startMs`: a handshake, or a message to fan out. */
  private take(w: number, startMs: number, pubTime: number, channel: number, bytes: number, link: number, wire: number): void {
    let t = startMs;
    if (channel < 0) {
      const cohort = -1 - channel;
      t += this.cohorts.size[cohort] * this.costs.connectMs;
      this.listener?.connected(cohort, t);
    } else {
      if (link >= 0) this.links.read(link, wire);
      this.messagesIn[w]++;
      t = this.fanOut(w, t + this.costs.loopMs, pubTime, channel, bytes);
    }
    this.busyMs[w] += t - startMs;
    this.busyUntil[w] = t;
  }

  /** Link closed: the pushes still in Redis's buffer for it are lost for every client of w following them. */
  discardLink(w: number, link: number): void {
    const W = this.count;
    this.inboxes[w].filter((data, o) => {
      if (data[o + 4] !== link) return true;
      const c = data[o + 2];
      this.counters.lost[this.classOf[c]] += this.cohorts.recipients[c * W + w];
      return false;
    });
  }

  /** Worker w stops at `tMs` until `untilMs`: what it had read is gone (stream entries wait to be re-read). */
  stop(w: number, tMs: number, untilMs: number): void {
    const W = this.count;
    const inbox = this.inboxes[w];
    const data = inbox.array();
    for (let i = 0; i < inbox.length; i++) {
      const o = inbox.offset(i);
      const c = data[o + 2];
      if (c < 0) this.listener?.aborted(-1 - c, tMs);
      else if (data[o + 4] < 0) this.streamBacklog[w].push(data[o + 1], c, data[o + 3]);
      else this.counters.lost[this.classOf[c]] += this.cohorts.recipients[c * W + w];
    }
    inbox.filter(() => false);
    this.up[w] = 0;
    if (this.busyUntil[w] > tMs) this.busyMs[w] -= this.busyUntil[w] - tMs;
    this.busyUntil[w] = untilMs;
  }

  /** Worker w is back at `tMs` and re-reads the stream entries it missed. */
  start(w: number, tMs: number): void {
    this.up[w] = 1;
    if (this.busyUntil[w] < tMs) this.busyUntil[w] = tMs;
    const backlog = this.streamBacklog[w];
    this.streamBacklog[w] = [];
    for (let i = 0; i < backlog.length; i += 3) this.receive(w, tMs, backlog[i], backlog[i + 1], backlog[i + 2], -1, 0);
  }

  /** Adds every message still in an inbox or a worker's stream backlog, per class, to `pending`. */
  pendingInto(pending: Float64Array): void {
    const W = this.count;
    for (let w = 0; w < W; w++) {
      const inbox = this.inboxes[w];
      const data = inbox.array();
      for (let i = 0; i < inbox.length; i++) {
        const c = data[inbox.offset(i) + 2];
        if (c >= 0) pending[this.classOf[c]] += this.cohorts.recipients[c * W + w];
      }
      const backlog = this.streamBacklog[w];
      for (let i = 0; i < backlog.length; i += 3) pending[this.classOf[backlog[i + 1]]] += this.cohorts.recipients[backlog[i + 1] * W + w];
    }
  }

  /** Writes one message to every cohort of worker w following its channel; returns when the loop is done. */
  private fanOut(w: number, startMs: number, pubTime: number, channel: number, bytes: number): number {
    const table = this.cohorts;
    const W = this.count;
    const sendMs = this.costs.sendMs;
    let t = startMs;
    let clients = 0;
    const record = channel * CH_STRIDE;
    const allSlot = groupOf(table.channelInfo, record) * W + w;
    for (let i = table.allStart[allSlot], end = table.allStart[allSlot + 1]; i < end; i++) {
      const k = table.allCohorts[i];
      clients += this.queues.clients(k);
      t = this.queues.send(k, t + this.queues.connectedSize(k) * sendMs, pubTime, channel, bytes);
    }
    const sole = table.channelInfo[record + CH_SOLE];
    if (sole >= 0) {
      // One cohort follows this channel alone (a per-user channel): no routing-table lookup.
      if (sole % SOLE_WORKERS === w) {
        const k = (sole - w) / SOLE_WORKERS;
        clients += this.queues.clients(k);
        t = this.queues.send(k, t + this.queues.connectedSize(k) * sendMs, pubTime, channel, bytes);
      }
    } else {
      const oneSlot = channel * W + w;
      for (let i = table.oneStart[oneSlot], end = table.oneStart[oneSlot + 1]; i < end; i++) {
        const k = table.oneCohorts[i];
        clients += this.queues.clients(k);
        t = this.queues.send(k, t + this.queues.connectedSize(k) * sendMs, pubTime, channel, bytes);
      }
    }
    this.sends[w] += clients;
    return t;
  }

  private wake(w: number, arrival: number): void {
    if (this.scheduled[w] === 1 || this.up[w] === 0) return;
    this.scheduled[w] = 1;
    const at = arrival > this.busyUntil[w] ? arrival : this.busyUntil[w];
    this.agenda.push(at, EV_WORKER_NEXT, w, 0, 0, 0);
  }
}
