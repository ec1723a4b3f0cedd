/**
 * The RESP pipeline's commands awaiting a reply, oldest first: op, key id, argument and queue
 * time of each in typed-array rings of power-of-two capacity (no object per command). Replies
 * answer the oldest, as RESP guarantees on one connection.
 */
import type { ReplyListener } from './resp-reply';

export class PendingCommands {
  /** Commands queued and not yet answered. */
  count = 0;

  private ops = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private args = new Float64Array(1024);
  private sent = new Float64Array(1024);
  private head = 0;
  private mask = 1023;

  /** The queue time of the oldest unanswered command, or Infinity. */
  get oldestSentAtMs(): number {
    return this.count > 0 ? this.sent[this.head] : Infinity;
  }

  push(op: number, id: number, arg: number, sentAtMs: number): void {
    if (this.count > this.mask) this.grow();
    const at = (this.head + this.count) & this.mask;
    this.ops[at] = op;
    this.ids[at] = id;
    this.args[at] = arg;
    this.sent[at] = sentAtMs;
    this.count++;
  }

  /** Removes the oldest command and gives it its reply; the caller checks `count > 0` first. */
  answerOldest(listener: ReplyListener, type: number, value: number, nowMs: number): void {
    const at = this.head;
    this.head = (at + 1) & this.mask;
    this.count--;
    listener.onReply(this.ops[at], this.ids[at], this.args[at], type, value, this.sent[at], nowMs);
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const ops = new Uint8Array(capacity);
    const ids = new Int32Array(capacity);
    const args = new Float64Array(capacity);
    const sent = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      ops[i] = this.ops[from];
      ids[i] = this.ids[from];
      args[i] = this.args[from];
      sent[i] = this.sent[from];
    }
    this.ops = ops;
    this.ids = ids;
    this.args = args;
    this.sent = sent;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
