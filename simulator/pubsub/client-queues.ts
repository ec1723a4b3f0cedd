/**
 * Per-client queues on the workers, one per cohort (see cohorts.ts). A client takes one message
 * at a time off its queue, `serviceMs` each (its read speed); the head entry is the one being
 * written. Queues are advanced lazily: whatever would have finished by time t is delivered when
 * the cohort is next touched, with its exact finish time, so no event is scheduled per delivery.
 *
 * A full queue applies the policy: drop-oldest, drop-newest, coalesce (a newer message on the
 * same channel replaces the waiting one; otherwise drop-oldest) or block (the sender waits until
 * the head is written). Streams messages are never dropped: they wait in the stream instead.
 * A queue never holds more than `queueLimit` entries.
 */
import { CH_CLASS, CH_STRIDE } from './channel-info';
import type { CohortTable } from './cohorts';
import type { DeliveryCounters } from './counters';
import type { QueuePolicy } from './plan';
import { CONNECTED, CohortRings, LAST_FINISH, SERVICE_MS, SIZE, STATE_STRIDE } from './rings';
import { FLAG_DUPLICATE, FLAG_REPLAY, StreamLedger } from './stream-ledger';

const POLICY: Record<QueuePolicy, number> = { 'drop-oldest': 0, 'drop-newest': 1, coalesce: 2, block: 3 };
const DROP_NEWEST = 1;
const COALESCE = 2;
const BLOCK = 3;

export interface ClientQueueOptions {
  queueLimit: number;
  policy: QueuePolicy;
  clientLatencyMs: number;
  classOfChannel: Int32Array;
  streamsClass: Uint8Array;
  ackIntervalMsOfClass: Float64Array;
}

export class ClientQueues {
  readonly ledger: StreamLedger;
  /** Bytes held in client queues (payload × clients), now and at its peak. */
  queueBytes = 0;
  peakQueueBytes = 0;
  /** The longest queue seen, in entries (never above the limit). */
  peakLength = 0;
  connectedClients: number;

  private readonly rings: CohortRings;
  private readonly state: Float64Array;
  private readonly limit: number;
  private readonly policy: number;
  private readonly latencyMs: number;
  private readonly classOf: Int32Array;
  private readonly info: Float64Array;
  private readonly streams: Uint8Array;
  private readonly scratch: number[] = [];

  constructor(private readonly cohorts: CohortTable, private readonly counters: DeliveryCounters, options: ClientQueueOptions) {
    this.limit = options.queueLimit;
    if (!(this.limit >= 1)) throw new RangeError(`queue limit ${this.limit} is not valid; use at least 1`);
    this.rings = new CohortRings(cohorts.size, cohorts.serviceMs, this.limit);
    this.state = this.rings.state;
    this.policy = POLICY[options.policy];
    this.latencyMs = options.clientLatencyMs;
    this.classOf = options.classOfChannel;
    this.info = cohorts.channelInfo;
    this.streams = options.streamsClass;
    this.ledger = new StreamLedger(cohorts.count, options.classOfChannel, options.ackIntervalMsOfClass);
    this.connectedClients = cohorts.size.reduce((a, b) => a + b, 0);
  }

  length(k: number): number {
    return this.rings.length(k);
  }

  /** The cohort's clients. */
  clients(k: number): number {
    return this.state[k * STATE_STRIDE + SIZE];
  }

  /** The cohort's clients when connected, else 0 (what a worker pays send costs for). */
  connectedSize(k: number): number {
    const s = k * STATE_STRIDE;
    return this.state[s + CONNECTED] === 1 ? this.state[s + SIZE] : 0;
  }

  /** Delivers everything cohort k finishes writing by `tMs`. */
  advance(k: number, tMs: number): void {
    const st = this.state;
    const s = k * STATE_STRIDE;
    const rings = this.rings;
    while (rings.length(k) > 0) {
      const data = rings.data(k);
      const o = rings.entry(k, 0);
      const arrival = data[o];
      const start = arrival > st[s + LAST_FINISH] ? arrival : st[s + LAST_FINISH];
      const finish = start + st[s + SERVICE_MS];
      if (finish > tMs) return;
      const pubTime = data[o + 1];
      const chanFlags = data[o + 2];
      const bytes = data[o + 3];
      rings.shift(k);
      st[s + LAST_FINISH] = finish;
      this.queueBytes -= bytes * st[s + SIZE];
      this.delivered(k, pubTime, chanFlags, bytes, finish + this.latencyMs);
      if (st[s + CONNECTED] === 1 && this.ledger.hasBacklog(k)) this.refill(k, finish);
    }
  }

  /** The worker writes a message to cohort k at `tMs`; returns when the worker may go on (later only under block). */
  send(k: number, tMs: number, pubTime: number, channel: number, bytes: number): number {
    this.advance(k, tMs);
    const cls = this.info[channel * CH_STRIDE + CH_CLASS];
    const s = k * STATE_STRIDE;
    const isStreams = this.streams[cls] === 1;
    if (this.state[s + CONNECTED] === 0) {
      if (isStreams) this.ledger.pushBacklog(k, pubTime, channel * 4 + FLAG_REPLAY, bytes);
      else this.counters.lost[cls] += this.state[s + SIZE];
      return tMs;
    }
    if (isStreams && this.ledger.hasBacklog(k)) {
      this.ledger.pushBacklog(k, pubTime, channel * 4, bytes);
      return tMs;
    }
    if (!isStreams && this.policy === COALESCE && this.coalesce(k, pubTime, channel, bytes)) return tMs;
    if (this.rings.length(k) < this.limit) {
      this.push(k, tMs, pubTime, channel * 4, bytes);
      return tMs;
    }
    if (this.policy === BLOCK) {
      let t = tMs;
      while (this.rings.length(k) >= this.limit) {
        const finish = this.headFinish(k);
        this.advance(k, finish);
        if (finish > t) t = finish;
      }
      this.push(k, t, pubTime, channel * 4, bytes);
      return t;
    }
    const victim = this.policy === DROP_NEWEST ? -1 : this.oldestWaitingPubsub(k, tMs);
    if (victim >= 0) {
      this.remove(k, victim);
      this.push(k, tMs, pubTime, channel * 4, bytes);
    } else if (isStreams) this.ledger.pushBacklog(k, pubTime, channel * 4, bytes);
    else this.counters.dropped[cls] += this.state[s + SIZE];
    return tMs;
  }

  /** Cohort k's connections drop at `tMs`: queued pub/sub messages are lost; streams ones go back to the stream. */
  disconnect(k: number, tMs: number): void {
    this.advance(k, tMs);
    const s = k * STATE_STRIDE;
    if (this.state[s + CONNECTED] === 0) return;
    const clients = this.state[s + SIZE];
    this.state[s + CONNECTED] = 0;
    this.connectedClients -= clients;
    const queued = this.scratch;
    queued.length = 0;
    while (this.rings.length(k) > 0) {
      const data = this.rings.data(k);
      const o = this.rings.entry(k, 0);
      const chanFlags = data[o + 2];
      const cls = this.classOf[chanFlags >>> 2];
      this.queueBytes -= data[o + 3] * clients;
      if (this.streams[cls] === 1) queued.push(data[o + 1], chanFlags | FLAG_REPLAY, data[o + 3]);
      else this.counters.lost[cls] += clients;
      this.rings.shift(k);
    }
    this.ledger.disconnected(k, tMs, queued);
    this.state[s + LAST_FINISH] = tMs;
  }

  /** Cohort k is back at `tMs`: Streams replay from its last ACK fills the queue. */
  connect(k: number, tMs: number): void {
    const s = k * STATE_STRIDE;
    if (this.state[s + CONNECTED] === 1) return;
    this.state[s + CONNECTED] = 1;
    this.connectedClients += this.state[s + SIZE];
    if (this.state[s + LAST_FINISH] < tMs) this.state[s + LAST_FINISH] = tMs;
    while (this.rings.length(k) < this.limit && this.ledger.hasBacklog(k)) this.refill(k, tMs);
  }

  /** Adds what is still queued or waiting in the stream, per class, to `pending`. */
  pendingInto(pending: Float64Array): void {
    for (let k = 0; k < this.cohorts.count; k++) {
      const clients = this.state[k * STATE_STRIDE + SIZE];
      const n = this.rings.length(k);
      for (let i = 0; i < n; i++) {
        const chanFlags = this.rings.data(k)[this.rings.entry(k, i) + 2];
        if ((chanFlags & FLAG_DUPLICATE) === 0) pending[this.classOf[chanFlags >>> 2]] += clients;
      }
      this.ledger.pendingInto(k, clients, pending);
    }
  }

  private delivered(k: number, pubTime: number, chanFlags: number, bytes: number, atMs: number): void {
    const channel = chanFlags >>> 2;
    const cls = this.info[channel * CH_STRIDE + CH_CLASS];
    const clients = this.state[k * STATE_STRIDE + SIZE];
    if ((chanFlags & FLAG_DUPLICATE) !== 0) {
      this.counters.duplicated[cls] += clients;
      this.counters.sentBytes[cls] += bytes * clients;
    } else this.counters.deliver(cls, clients, atMs - pubTime, bytes);
    if ((chanFlags & FLAG_REPLAY) !== 0) this.counters.replayed[cls] += clients;
    if (this.streams[cls] === 1) this.ledger.delivered(k, pubTime, channel, bytes, atMs);
  }

  private refill(k: number, tMs: number): void {
    this.ledger.shiftBacklog(k);
    this.push(k, tMs, this.ledger.pubTime, this.ledger.chanFlags, this.ledger.bytes);
  }

  private push(k: number, arrival: number, pubTime: number, chanFlags: number, bytes: number): void {
    this.rings.push(k, arrival, pubTime, chanFlags, bytes);
    const n = this.rings.length(k);
    if (n > this.peakLength) this.peakLength = n;
    this.queueBytes += bytes * this.state[k * STATE_STRIDE + SIZE];
    if (this.queueBytes > this.peakQueueBytes) this.peakQueueBytes = this.queueBytes;
  }

  private headFinish(k: number): number {
    const s = k * STATE_STRIDE;
    const arrival = this.rings.data(k)[this.rings.entry(k, 0)];
    return (arrival > this.state[s + LAST_FINISH] ? arrival : this.state[s + LAST_FINISH]) + this.state[s + SERVICE_MS];
  }

  /**
   * Index of the oldest pub/sub entry not being written at `tMs` (the head is, once started), or
   * -1 when there is none: then the new message is the one dropped.
   */
  private oldestWaitingPubsub(k: number, tMs: number): number {
    const data = this.rings.data(k);
    const s = k * STATE_STRIDE;
    const headStart = Math.max(data[this.rings.entry(k, 0)], this.state[s + LAST_FINISH]);
    for (let i = headStart <= tMs ? 1 : 0, n = this.rings.length(k); i < n; i++) {
      if (this.streams[this.classOf[data[this.rings.entry(k, i) + 2] >>> 2]] === 0) return i;
    }
    return -1;
  }

  /** Drops entry i, which is not being written (counted as dropped). */
  private remove(k: number, i: number): void {
    const s = k * STATE_STRIDE;
    const o = this.rings.entry(k, i);
    const data = this.rings.data(k);
    this.counters.dropped[this.classOf[data[o + 2] >>> 2]] += this.state[s + SIZE];
    this.queueBytes -= data[o + 3] * this.state[s + SIZE];
    this.rings.removeAt(k, i);
  }

  /** Replaces a waiting (not yet being written) entry of the same channel; true when one was found. */
  private coalesce(k: number, pubTime: number, channel: number, bytes: number): boolean {
    const n = this.rings.length(k);
    if (n < 2) return false;
    const data = this.rings.data(k);
    const clients = this.state[k * STATE_STRIDE + SIZE];
    for (let i = n - 1; i >= 1; i--) {
      const o = this.rings.entry(k, i);
      if (data[o + 2] !== channel * 4) continue;
      this.counters.dropped[this.classOf[channel]] += clients;
      this.queueBytes += (bytes - data[o + 3]) * clients;
      data[o + 1] = pubTime;
      data[o + 3] = bytes;
      return true;
    }
    return false;
  }
}
