/**
 * Streams bookkeeping per cohort. The backlog holds messages still waiting in the stream for
 * this client: published while it was away, queued when it dropped, or held because its queue
 * was full. The unacknowledged list holds what it received since its last ACK; a reconnect
 * re-sends those (as duplicates) ahead of the backlog — XREADGROUP from the last acknowledged ID.
 */

export const FLAG_REPLAY = 1;
export const FLAG_DUPLICATE = 2;

const BACKLOG_STRIDE = 3;
const UNACKED_STRIDE = 4;

export class StreamLedger {
  private readonly backlog: Array<number[] | null>;
  /** 1 when cohort k has a backlog (a typed flag: this is asked for every message). */
  private readonly backlogged: Uint8Array;
  private readonly backlogHead: Int32Array;
  private readonly unacked: Array<number[] | null>;
  private readonly unackedHead: Int32Array;
  private readonly classOf: Int32Array;
  private readonly ackMs: Float64Array;

  /** The entry taken by the last shiftBacklog. */
  pubTime = 0;
  chanFlags = 0;
  bytes = 0;

  constructor(cohorts: number, classOfChannel: Int32Array, ackIntervalMsOfClass: Float64Array) {
    this.backlog = new Array<number[] | null>(cohorts).fill(null);
    this.unacked = new Array<number[] | null>(cohorts).fill(null);
    this.backlogHead = new Int32Array(cohorts);
    this.backlogged = new Uint8Array(cohorts);
    this.unackedHead = new Int32Array(cohorts);
    this.classOf = classOfChannel;
    this.ackMs = ackIntervalMsOfClass;
  }

  hasBacklog(k: number): boolean {
    return this.backlogged[k] === 1;
  }

  pushBacklog(k: number, pubTime: number, chanFlags: number, bytes: number): void {
    let list = this.backlog[k];
    if (list === null) {
      list = [];
      this.backlog[k] = list;
      this.backlogHead[k] = 0;
      this.backlogged[k] = 1;
    }
    list.push(pubTime, chanFlags, bytes);
  }

  /** Takes the oldest backlog entry into pubTime/chanFlags/bytes. Call only when hasBacklog(k). */
  shiftBacklog(k: number): void {
    const list = this.backlog[k] as number[];
    const h = this.backlogHead[k];
    this.pubTime = list[h];
    this.chanFlags = list[h + 1];
    this.bytes = list[h + 2];
    const next = h + BACKLOG_STRIDE;
    if (next >= list.length) {
      this.backlog[k] = null;
      this.backlogged[k] = 0;
    }
    else if (next > 3072 && next * 2 > list.length) {
      list.splice(0, next);
      this.backlogHead[k] = 0;
    } else this.backlogHead[k] = next;
  }

  /** A streams message reached the client at `deliveredAtMs`; it stays unacknowledged until the next ACK tick. */
  delivered(k: number, pubTime: number, channel: number, bytes: number, deliveredAtMs: number): void {
    let list = this.unacked[k];
    if (list === null) {
      list = [];
      this.unacked[k] = list;
      this.unackedHead[k] = 0;
    }
    // Forget what was acknowledged by now (deliveries come in time order for one cohort).
    let h = this.unackedHead[k];
    while (h < list.length && this.acked(list[h + 1], list[h + 3], deliveredAtMs)) h += UNACKED_STRIDE;
    if (h > 1024 && h * 2 > list.length) {
      list.splice(0, h);
      h = 0;
    }
    this.unackedHead[k] = h;
    list.push(pubTime, channel, bytes, deliveredAtMs);
  }

  /**
   * The client dropped at `tMs`: the backlog becomes [unacknowledged deliveries, as duplicates]
   * + [its queued streams messages, `queued` as (pubTime, chanFlags, bytes) triples] + the old backlog.
   */
  disconnected(k: number, tMs: number, queued: readonly number[]): void {
    const rebuilt: number[] = [];
    const unacked = this.unacked[k];
    if (unacked !== null) {
      for (let h = this.unackedHead[k]; h < unacked.length; h += UNACKED_STRIDE) {
        if (this.acked(unacked[h + 1], unacked[h + 3], tMs)) continue;
        rebuilt.push(unacked[h], unacked[h + 1] * 4 + FLAG_REPLAY + FLAG_DUPLICATE, unacked[h + 2]);
      }
      this.unacked[k] = null;
    }
    for (let i = 0; i < queued.length; i += BACKLOG_STRIDE) rebuilt.push(queued[i], queued[i + 1], queued[i + 2]);
    const old = this.backlog[k];
    if (old !== null) for (let h = this.backlogHead[k]; h < old.length; h++) rebuilt.push(old[h]);
    this.backlog[k] = rebuilt.length > 0 ? rebuilt : null;
    this.backlogged[k] = rebuilt.length > 0 ? 1 : 0;
    this.backlogHead[k] = 0;
  }

  /** Adds `clients` per first-time backlog entry of cohort k to pending[class]. */
  pendingInto(k: number, clients: number, pending: Float64Array): void {
    const list = this.backlog[k];
    if (list === null) return;
    for (let h = this.backlogHead[k]; h < list.length; h += BACKLOG_STRIDE) {
      const cf = list[h + 1];
      if ((cf & FLAG_DUPLICATE) === 0) pending[this.classOf[cf >>> 2]] += clients;
    }
  }

  /** Whether a delivery at `deliveredAtMs` was covered by an ACK sent by `nowMs` (ACKs go out on the class's ticks). */
  private acked(channel: number, deliveredAtMs: number, nowMs: number): boolean {
    const interval = this.ackMs[this.classOf[channel]];
    return deliveredAtMs <= Math.floor(nowMs / interval) * interval;
  }
}
