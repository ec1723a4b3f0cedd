/**
 * The replay's command pipe over ioredis, for what the fast RESP pipeline does not speak: Redis
 * Cluster (slot routing, MOVED/ASK) and Sentinel. Same surface as RespPipeline, one Promise per
 * command (auto-pipelined by ioredis), so it is several times slower.
 *
 * Like RespPipeline, a closed pipe answers every command still pending REPLY_LOST at once, and
 * reports the age of its oldest unanswered command, so the run's command timeout applies here
 * too. A Cluster client does not close when one of its nodes dies: its commands fail one by one
 * (closed connections, MOVED to the dead master, redirections running out) or never settle. So
 * in a cluster the first such failure closes the pipe with a message naming the cluster, and
 * the run reconnects (and checks that every master answers) or stops at its deadline.
 */
import { Cluster, type Redis } from 'ioredis';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import type { ReplyListener, RespValue } from './resp-reply';
import { lostReason, REPLY_ARRAY, REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL, REPLY_STATUS } from './resp-reply';
import type { ValueSource } from './values';
import { versionOf } from './values';
import { classifyRedisError, CONNECTION_CLOSED, isClusterNodeLostError, isConnectionClosedError } from '../redis';

/** A command sent and not answered yet. */
interface Pending {
  op: number;
  id: number;
  arg: number;
  sentAt: number;
}

export class IoredisPipe implements CommandPipe {
  replyText = '';
  replyArray: RespValue[] = [];
  peekVersion = 0;
  stampMs = 0;
  planMs = 0;
  bytesWritten = 0;
  bytesRead = 0;
  closeError: Error | undefined;
  closed = false;
  private onClosed: ((error: Error | undefined) => void) | undefined;
  /** Unanswered commands, oldest first (a Set keeps insertion order). */
  private readonly pending = new Set<Pending>();
  private readonly cluster: boolean;

  /** `describe` names the target in the message of a lost cluster node. */
  constructor(private readonly client: Redis | Cluster, private readonly listener: ReplyListener, private readonly clock: () => number,
    private readonly describe = 'the cluster') {
    this.cluster = client instanceof Cluster;
    // A lost connection closes the pipe (the run reconnects with a fresh client and marks the
    // gap) rather than letting ioredis fail every command while it reconnects on its own.
    const closed = (): void => this.markClosed(new Error(CONNECTION_CLOSED));
    client.once('end', closed);
    client.once('close', closed);
    client.on('error', (error: Error) => {
      this.closeError = error;
    });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** The queue time of the oldest unanswered command, or Infinity. */
  get oldestSentAtMs(): number {
    for (const entry of this.pending) return entry.sentAt;
    return Infinity;
  }

  onClose(callback: (error: Error | undefined) => void): void {
    this.onClosed = callback;
    if (this.closed) callback(this.closeError);
  }

  get(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number): void {
    const key = keys.render(ns, index);
    this.bytesWritten += key.length + 24;
    this.track(op, id, arg, this.client.getBuffer(key));
  }

  set(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number,
    values: ValueSource, size: number, version: number, ttlMs: number): void {
    const key = keys.render(ns, index);
    const value = values.buffer(id, size, version);
    this.bytesWritten += key.length + size + 40;
    this.track(op, id, arg, ttlMs > 0 ? this.client.set(key, value, 'PX', ttlMs) : this.client.set(key, value));
  }

  del(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number, unlink = false): void {
    const key = keys.render(ns, index);
    this.bytesWritten += key.length + 24;
    this.track(op, id, arg, unlink ? this.client.unlink(key) : this.client.del(key));
  }

  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void {
    const [name, ...rest] = argv;
    this.track(op, id, arg, this.client.call(String(name), ...rest));
  }

  flush(): void {
    // ioredis writes as commands are issued (auto-pipelining batches them per tick).
  }

  close(): void {
    if (this.closed) return;
    this.client.disconnect();
    this.markClosed(undefined);
  }

  destroy(error: Error): void {
    this.closeError ??= error;
    this.close();
  }

  private track(op: number, id: number, arg: number, reply: Promise<unknown>): void {
    const sentAt = this.stampMs;
    if (this.closed) {
      reply.catch(() => undefined);
      this.replyText = lostReason(this.closeError);
      this.listener.onReply(op, id, arg, REPLY_LOST, 0, sentAt, this.clock());
      return;
    }
    const entry: Pending = { op, id, arg, sentAt };
    this.pending.add(entry);
    reply.then((value) => {
      // Already answered REPLY_LOST when the pipe closed.
      if (!this.pending.delete(entry)) return;
      const now = this.clock();
      if (value === null || value === undefined) {
        this.listener.onReply(op, id, arg, REPLY_NIL, 0, sentAt, now);
      } else if (Buffer.isBuffer(value)) {
        this.bytesRead += value.length + 8;
        this.peekVersion = versionOf(value);
        this.listener.onReply(op, id, arg, REPLY_BULK, value.length, sentAt, now);
      } else if (typeof value === 'number') {
        this.listener.onReply(op, id, arg, REPLY_INTEGER, value, sentAt, now);
      } else if (Array.isArray(value)) {
        this.replyArray = value as RespValue[];
        this.listener.onReply(op, id, arg, REPLY_ARRAY, value.length, sentAt, now);
      } else {
        this.bytesRead += 5;
        this.listener.onReply(op, id, arg, REPLY_STATUS, 0, sentAt, now);
      }
    }, (error: Error) => {
      if (!this.pending.has(entry)) return;
      if (this.cluster && isClusterNodeLostError(error)) {
        // Answers this command and every other pending one REPLY_LOST.
        this.destroy(classifyRedisError(error, { target: this.describe, phase: 'command', cluster: true }));
        return;
      }
      this.pending.delete(entry);
      this.replyText = error.message;
      this.listener.onReply(op, id, arg, isConnectionClosedError(error) ? REPLY_LOST : REPLY_ERROR, 0, sentAt, this.clock());
    });
  }

  private markClosed(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (error) this.closeError ??= error;
    // Commands a dead cluster node holds may never settle: answer them all now.
    const now = this.clock();
    this.replyText = lostReason(this.closeError);
    const lost = [...this.pending];
    this.pending.clear();
    for (const entry of lost) this.listener.onReply(entry.op, entry.id, entry.arg, REPLY_LOST, 0, entry.sentAt, now);
    this.onClosed?.(this.closeError);
  }
}
