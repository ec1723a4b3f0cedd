/**
 * A minimal RESP2 pipelining client for the replay's hot path. ioredis spends most of a
 * pipelined command's time on its own objects (a Command, a Promise, argument arrays, string
 * conversions): measured on this machine it tops out near 130 k commands/s where redis-server
 * serves 500–700 k. Here a command is a few bytes written straight into a reusable Buffer, its
 * bookkeeping four numbers in typed-array rings, and its reply a callback with numbers: no
 * object, string or Promise per command.
 *
 * This file is the pipe itself: one net.Socket (or TLS socket) and its lifecycle, tying together
 * - the encoder (resp-encoder.ts): commands into a slab, written once per flush();
 * - the pending commands (resp-pending.ts): every reply answers the oldest, as RESP guarantees;
 * - the reply parser (resp-parser.ts): replies read incrementally from the socket's chunks;
 * - the handshake (resp-connect.ts): AUTH, SELECT, CLIENT SETNAME, PING within a deadline.
 * When the connection drops, every pending command is answered REPLY_LOST at once and the
 * owner is told; nothing is queued or resent (the engine decides what to do).
 */
import type { Socket } from 'node:net';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import type { RespPipelineOptions } from './resp-connect';
import { connectResp } from './resp-connect';
import { RespEncoder } from './resp-encoder';
import { PendingCommands } from './resp-pending';
import type { ReplySink } from './resp-parser';
import { RespReplyParser } from './resp-parser';
import type { ReplyListener, RespValue } from './resp-reply';
import { lostReason, REPLY_LOST, RespProtocolError } from './resp-reply';
import type { ValueSource } from './values';

// The pipe's vocabulary, from where each is defined (importers of this file keep working).
export { RespConnectError } from './resp-connect';
export type { RespPipelineOptions } from './resp-connect';
export {
  parseValue, REPLY_ARRAY, REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL, REPLY_STATUS,
} from './resp-reply';
export type { ReplyListener, RespValue } from './resp-reply';

export class RespPipeline implements CommandPipe, ReplySink {
  /** The text of the last REPLY_ERROR or REPLY_LOST (valid during onReply). */
  replyText = '';
  /** The items of the last REPLY_ARRAY (valid during onReply). */
  replyArray: RespValue[] = [];
  /** The version in the first bytes of the last REPLY_BULK (see values.ts). */
  peekVersion = 0;
  /** The clock value stamped on commands queued from now on; the caller sets it once per batch. */
  stampMs = 0;
  planMs = 0;
  bytesWritten = 0;
  bytesRead = 0;
  /** Why the connection closed, once it has. */
  closeError: Error | undefined;
  closed = false;

  private readonly pending = new PendingCommands();
  private readonly encoder: RespEncoder;
  private readonly parser: RespReplyParser;
  private onClosed: ((error: Error | undefined) => void) | undefined;

  private constructor(private readonly socket: Socket, private readonly clock: () => number, private listener: ReplyListener) {
    this.encoder = new RespEncoder({ write: (chunk) => this.write(chunk) });
    this.parser = new RespReplyParser(this);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
      this.parser.feed(chunk, this.clock());
    });
    socket.on('error', (error) => {
      this.closeError ??= error;
    });
    socket.on('close', () => this.handleClose());
  }

  /** Opens the connection, authenticates, selects the DB; rejects with the server's or socket's error. */
  static async connect(options: RespPipelineOptions, listener: ReplyListener): Promise<RespPipeline> {
    const clock = options.clock ?? (() => performance.now());
    const pipe = await connectResp(options, (socket, handshake) => new RespPipeline(socket, clock, handshake));
    // Nothing of the caller's is pending yet: the handshake's listener hands over here.
    pipe.listener = listener;
    return pipe;
  }

  /** Commands sent (or queued) and not yet answered. */
  get inFlight(): number {
    return this.pending.count;
  }

  /** The queue time of the oldest unanswered command, or Infinity. */
  get oldestSentAtMs(): number {
    return this.pending.oldestSentAtMs;
  }

  /** Called once when the connection closes (after every pending command was answered REPLY_LOST). */
  onClose(callback: (error: Error | undefined) => void): void {
    this.onClosed = callback;
    if (this.closed) callback(this.closeError);
  }

  /** GET key. */
  get(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number): void {
    this.encoder.get(keys, ns, index);
    this.push(op, id, arg);
  }

  /** SET key value [PX ttlMs] with `size` bytes of value carrying `version`. */
  set(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number,
    values: ValueSource, size: number, version: number, ttlMs: number): void {
    this.encoder.set(keys, ns, index, values, id, size, version, ttlMs);
    this.push(op, id, arg);
  }

  /** DEL key (or UNLINK key). */
  del(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number, unlink = false): void {
    this.encoder.del(keys, ns, index, unlink);
    this.push(op, id, arg);
  }

  /** Any command, arguments as strings, numbers or Buffers (the slow, general path). */
  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void {
    this.encoder.command(argv);
    this.push(op, id, arg);
  }

  /** Hands the queued commands to the socket. */
  flush(): void {
    this.encoder.flush();
  }

  /** Closes the connection; pending commands are answered REPLY_LOST. */
  close(): void {
    if (this.closed) return;
    this.socket.destroy();
  }

  /** Ends the connection abruptly with an error (a command timed out, say). */
  destroy(error: Error): void {
    this.closeError ??= error;
    this.socket.destroy();
  }

  /** The parser's: answers the oldest pending command. */
  complete(type: number, value: number, nowMs: number): void {
    if (this.pending.count === 0) {
      this.protocolError(new RespProtocolError('a reply arrived with no command pending.'));
      return;
    }
    this.pending.answerOldest(this.listener, type, value, nowMs);
  }

  /** The parser's: the server does not speak RESP2 (or is out of step); nothing it sends is read any more. */
  protocolError(error: RespProtocolError): void {
    this.parser.stopped = true;
    this.destroy(error);
  }

  // ---------------------------------------------------------------------------------------------

  /** The encoder's writer: true when the kernel took the whole chunk (or nothing can be sent). */
  private write(chunk: Buffer): boolean {
    if (this.closed) return true;
    this.bytesWritten += chunk.length;
    this.socket.write(chunk);
    return this.socket.writableLength === 0;
  }

  private push(op: number, id: number, arg: number): void {
    if (this.closed) {
      // Nothing can be sent any more: answer at once rather than leave the caller waiting.
      this.encoder.discard();
      this.replyText = lostReason(this.closeError);
      this.listener.onReply(op, id, arg, REPLY_LOST, 0, this.stampMs, this.clock());
      return;
    }
    this.pending.push(op, id, arg, this.stampMs);
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    const nowMs = this.clock();
    this.replyText = lostReason(this.closeError);
    while (this.pending.count > 0) this.pending.answerOldest(this.listener, REPLY_LOST, 0, nowMs);
    this.onClosed?.(this.closeError);
  }
}
