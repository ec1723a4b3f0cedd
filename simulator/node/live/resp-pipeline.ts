/**
 * A minimal RESP2 pipelining client for the replay's hot path. ioredis spends most of a
 * pipelined command's time on its own objects (a Command, a Promise, argument arrays, string
 * conversions): measured on this machine it tops out near 130 k commands/s where redis-server
 * serves 500–700 k. Here a command is a few bytes written straight into a reusable Buffer, its
 * bookkeeping four numbers in typed-array rings, and its reply a callback with numbers: no
 * object, string or Promise per command.
 *
 * - One net.Socket (or TLS socket); commands are encoded into a slab and written once per flush().
 * - Replies are parsed incrementally from the socket's chunks; a bulk reply's payload is skipped,
 *   keeping only its first bytes (the value's version, see values.ts). Errors come with their
 *   text; arrays (SCAN and other rare commands) are parsed into plain values.
 * - A FIFO of pending commands (op, key id, argument, send time) in typed arrays; every reply is
 *   matched to the oldest pending command, as RESP guarantees on one connection.
 * - When the connection drops, every pending command is answered REPLY_LOST at once and the
 *   owner is told; nothing is queued or resent (the engine decides what to do).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import { copyBytes, digitCount, writeDecimal } from './keys';
import type { ValueSource } from './values';

/** +OK and other status replies. */
export const REPLY_STATUS = 0;
/** `:n`; `value` is n. */
export const REPLY_INTEGER = 1;
/** `$n` with a payload; `value` is n, `pipe.peekVersion` the version in its first bytes. */
export const REPLY_BULK = 2;
/** `$-1` or `*-1`. */
export const REPLY_NIL = 3;
/** `-ERR …`; the text is in `pipe.replyText`. */
export const REPLY_ERROR = 4;
/** `*n`; the items are in `pipe.replyArray`. */
export const REPLY_ARRAY = 5;
/** The connection dropped before the reply came. */
export const REPLY_LOST = 6;

/** Receives every reply, in the order the commands were sent. */
export interface ReplyListener {
  /**
   * @param op what the caller tagged the command with
   * @param id the key id (or any integer) it was sent with
   * @param arg the number it was sent with (a schedule time, a version)
   * @param type one of the REPLY_* constants
   * @param value the integer, the bulk length, or 0
   * @param sentAtMs the clock when the command was queued
   * @param nowMs the clock when its reply was read
   */
  onReply(op: number, id: number, arg: number, type: number, value: number, sentAtMs: number, nowMs: number): void;
}

export interface RespPipelineOptions {
  host?: string;
  port?: number;
  /** A unix socket path instead of host:port. */
  path?: string;
  tls?: ConnectionOptions;
  username?: string;
  password?: string;
  db?: number;
  connectionName?: string;
  connectTimeoutMs?: number;
  /** Milliseconds, monotonic (default performance.now). */
  clock?: () => number;
}

/** A RESP value from the slow (array) path. */
export type RespValue = string | number | null | Buffer | RespValue[] | Error;

const SLAB_BYTES = 1 << 20;
const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16
const OP_HANDSHAKE = 255;

const CMD_GET = Buffer.from('*2\r\n$3\r\nGET\r\n');
const CMD_SET_PX = Buffer.from('*5\r\n$3\r\nSET\r\n');
const CMD_SET = Buffer.from('*3\r\n$3\r\nSET\r\n');
const CMD_DEL = Buffer.from('*2\r\n$3\r\nDEL\r\n');
const CMD_UNLINK = Buffer.from('*2\r\n$6\r\nUNLINK\r\n');
const ARG_PX = Buffer.from('$2\r\nPX\r\n');

/** Thrown by connect(): the server's error reply, or the socket's error (with its code). */
export class RespConnectError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'RespConnectError';
  }
}

export class RespPipeline implements CommandPipe {
  /** The text of the last REPLY_ERROR (valid during onReply). */
  replyText = '';
  /** The items of the last REPLY_ARRAY (valid during onReply). */
  replyArray: RespValue[] = [];
  /** The version in the first bytes of the last REPLY_BULK (see values.ts). */
  peekVersion = 0;
  /** The clock value stamped on commands queued from now on; the caller sets it once per batch. */
  stampMs = 0;
  planMs = 0;
  /** Commands sent (or queued) and not yet answered. */
  inFlight = 0;
  bytesWritten = 0;
  bytesRead = 0;
  /** Why the connection closed, once it has. */
  closeError: Error | undefined;
  closed = false;

  private readonly socket: Socket;
  private readonly clock: () => number;
  private listener: ReplyListener;
  private onClosed: ((error: Error | undefined) => void) | undefined;

  // Output slab: bytes [start, pos) are queued and not yet handed to the socket.
  private buf = Buffer.allocUnsafe(SLAB_BYTES);
  private start = 0;
  private pos = 0;

  // Pending commands, a ring of power-of-two capacity.
  private ops = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private args = new Float64Array(1024);
  private sent = new Float64Array(1024);
  private head = 0;
  private mask = 1023;

  // Parser state across chunks.
  private carry: Buffer | null = null;
  /** Payload bytes (plus CRLF) of the current bulk still to skip; 0 between replies. */
  private skip = 0;
  private bulkLength = 0;
  private peekSeen = 0;
  private peekBytes = 0;
  /** An array reply being gathered (slow path). */
  private slow: Buffer | null = null;

  private constructor(socket: Socket, clock: () => number, listener: ReplyListener) {
    this.socket = socket;
    this.clock = clock;
    this.listener = listener;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      this.closeError ??= error;
    });
    socket.on('close', () => this.handleClose());
  }

  /** Opens the connection, authenticates, selects the DB; rejects with the server's or socket's error. */
  static connect(options: RespPipelineOptions, listener: ReplyListener): Promise<RespPipeline> {
    const clock = options.clock ?? (() => performance.now());
    return new Promise((resolve, reject) => {
      const socket: Socket = options.tls
        ? tlsConnect({ host: options.host, port: options.port, ...options.tls })
        : options.path ? netConnect({ path: options.path }) : netConnect({ host: options.host ?? '127.0.0.1', port: options.port ?? 6379 });
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const address = options.path ?? `${options.host}:${options.port}`;
      // Set once connected: the pipe's own reason if it closed the socket itself (a protocol error,
      // i.e. not Redis), and a timeout then means a server that accepts but does not answer.
      let opened: RespPipeline | undefined;
      const timeoutMs = options.connectTimeoutMs ?? 5000;
      const timer = setTimeout(() => {
        if (opened) {
          fail(new RespConnectError(`Command timed out: ${address} accepted the connection but did not answer its first commands within ${timeoutMs} ms`));
          return;
        }
        const error = new RespConnectError(`connect ETIMEDOUT ${address}`, 'ETIMEDOUT');
        fail(Object.assign(error, { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error));
      socket.once('close', () => fail(new RespConnectError(opened?.closeError?.message ?? 'Connection is closed.')));
      socket.once(options.tls ? 'secureConnect' : 'connect', () => {
        let failure: string | undefined;
        let answered = 0;
        let expected = 0;
        const handshake: ReplyListener = {
          onReply: (op, _id, _arg, type) => {
            if (op !== OP_HANDSHAKE) return;
            if (type === REPLY_ERROR) failure ??= pipe.replyText;
            if (type === REPLY_LOST) failure ??= 'Connection is closed.';
            if (++answered < expected) return;
            if (failure !== undefined) {
              fail(new RespConnectError(failure));
              return;
            }
            settled = true;
            clearTimeout(timer);
            socket.removeAllListeners('error');
            socket.on('error', (error) => {
              pipe.closeError ??= error;
            });
            pipe.listener = listener;
            resolve(pipe);
          },
        };
        const pipe = new RespPipeline(socket, clock, handshake);
        opened = pipe;
        if (options.password !== undefined) {
          pipe.command(OP_HANDSHAKE, 0, 0, options.username ? ['AUTH', options.username, options.password] : ['AUTH', options.password]);
          expected++;
        }
        if (options.db) {
          pipe.command(OP_HANDSHAKE, 0, 0, ['SELECT', options.db]);
          expected++;
        }
        if (options.connectionName) {
          pipe.command(OP_HANDSHAKE, 0, 0, ['CLIENT', 'SETNAME', options.connectionName]);
          expected++;
        }
        // PING last: a server that wants a password answers NOAUTH here.
        pipe.command(OP_HANDSHAKE, 0, 0, ['PING']);
        expected++;
        pipe.flush();
      });
    });
  }

  /** Called once when the connection closes (after every pending command was answered REPLY_LOST). */
  onClose(callback: (error: Error | undefined) => void): void {
    this.onClosed = callback;
    if (this.closed) callback(this.closeError);
  }

  /** The queue time of the oldest unanswered command, or Infinity. */
  get oldestSentAtMs(): number {
    return this.inFlight > 0 ? this.sent[this.head] : Infinity;
  }

  /** GET key. */
  get(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number): void {
    const keyBytes = keys.byteLength(ns, index);
    this.reserve(CMD_GET.length + keyBytes + 16);
    const buf = this.buf;
    let pos = copyBytes(CMD_GET, buf, this.pos);
    pos = this.bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    this.pos = pos + 2;
    this.push(op, id, arg);
  }

  /** SET key value [PX ttlMs] with `size` bytes of value carrying `version`. */
  set(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number,
    values: ValueSource, size: number, version: number, ttlMs: number): void {
    const keyBytes = keys.byteLength(ns, index);
    this.reserve(CMD_SET_PX.length + keyBytes + size + 64);
    const buf = this.buf;
    let pos = copyBytes(ttlMs > 0 ? CMD_SET_PX : CMD_SET, buf, this.pos);
    pos = this.bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    pos = this.bulkHeader(buf, pos + 2, size);
    pos = values.write(buf, pos, id, size, version);
    buf.writeUInt16LE(CRLF, pos);
    pos += 2;
    if (ttlMs > 0) {
      pos = copyBytes(ARG_PX, buf, pos);
      pos = this.bulkHeader(buf, pos, digitCount(ttlMs));
      pos = writeDecimal(buf, pos, ttlMs);
      buf.writeUInt16LE(CRLF, pos);
      pos += 2;
    }
    this.pos = pos;
    this.push(op, id, arg);
  }

  /** DEL key (or UNLINK key). */
  del(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number, unlink = false): void {
    const keyBytes = keys.byteLength(ns, index);
    const head = unlink ? CMD_UNLINK : CMD_DEL;
    this.reserve(head.length + keyBytes + 16);
    const buf = this.buf;
    let pos = copyBytes(head, buf, this.pos);
    pos = this.bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    this.pos = pos + 2;
    this.push(op, id, arg);
  }

  /** Any command, arguments as strings, numbers or Buffers (the slow, general path). */
  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void {
    const parts = argv.map((a) => (Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8')));
    this.reserve(parts.reduce((sum, p) => sum + p.length + 16, 16));
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x2a; // '*'
    pos = writeDecimal(buf, pos, parts.length);
    buf.writeUInt16LE(CRLF, pos);
    pos += 2;
    for (const part of parts) {
      pos = this.bulkHeader(buf, pos, part.length);
      pos += part.copy(buf, pos);
      buf.writeUInt16LE(CRLF, pos);
      pos += 2;
    }
    this.pos = pos;
    this.push(op, id, arg);
  }

  /** Hands the queued commands to the socket. */
  flush(): void {
    if (this.pos === this.start) return;
    if (this.closed) {
      this.start = this.pos = 0;
      return;
    }
    const chunk = this.buf.subarray(this.start, this.pos);
    this.bytesWritten += chunk.length;
    this.socket.write(chunk);
    if (this.socket.writableLength === 0) {
      // The kernel took it all: the slab can be reused from the start.
      this.start = this.pos = 0;
    } else {
      this.start = this.pos;
    }
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

  // ---------------------------------------------------------------------------------------------

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.flush();
    if (this.pos + bytes <= this.buf.length) return;
    // The socket still holds the old slab's bytes; start a new one.
    this.buf = Buffer.allocUnsafe(Math.max(SLAB_BYTES, bytes));
    this.start = this.pos = 0;
  }

  private bulkHeader(buf: Buffer, pos: number, length: number): number {
    buf[pos] = 0x24; // '$'
    pos = writeDecimal(buf, pos + 1, length);
    buf.writeUInt16LE(CRLF, pos);
    return pos + 2;
  }

  private push(op: number, id: number, arg: number): void {
    if (this.closed) {
      // Nothing can be sent any more: answer at once rather than leave the caller waiting.
      this.pos = this.start;
      this.replyText = this.closeError?.message ?? 'Connection is closed.';
      this.listener.onReply(op, id, arg, REPLY_LOST, 0, this.stampMs, this.clock());
      return;
    }
    if (this.inFlight > this.mask) this.grow();
    const at = (this.head + this.inFlight) & this.mask;
    this.ops[at] = op;
    this.ids[at] = id;
    this.args[at] = arg;
    this.sent[at] = this.stampMs;
    this.inFlight++;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const ops = new Uint8Array(capacity);
    const ids = new Int32Array(capacity);
    const args = new Float64Array(capacity);
    const sent = new Float64Array(capacity);
    for (let i = 0; i < this.inFlight; i++) {
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

  /** Answers the oldest pending command. */
  private complete(type: number, value: number, nowMs: number): void {
    if (this.inFlight === 0) {
      this.destroy(new Error('Protocol error: a reply arrived with no command pending.'));
      return;
    }
    const at = this.head;
    this.head = (at + 1) & this.mask;
    this.inFlight--;
    this.listener.onReply(this.ops[at], this.ids[at], this.args[at], type, value, this.sent[at], nowMs);
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    const nowMs = this.clock();
    this.replyText = this.closeError?.message ?? 'Connection is closed.';
    while (this.inFlight > 0) this.complete(REPLY_LOST, 0, nowMs);
    this.onClosed?.(this.closeError);
  }

  private onData(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    const nowMs = this.clock();
    if (this.slow !== null) {
      this.slow = Buffer.concat([this.slow, chunk]);
      this.trySlow(nowMs);
      return;
    }
    let buf = chunk;
    if (this.carry !== null) {
      // A header line was cut by the chunk boundary: glue only that line back together.
      const lf = chunk.indexOf(0x0a);
      if (lf < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, lf + 1)]);
      this.carry = null;
      if (line[0] === 0x2a) {
        // An array: gather it whole on the slow path.
        this.slow = Buffer.concat([line, chunk.subarray(lf + 1)]);
        this.trySlow(nowMs);
        return;
      }
      this.header(line, 0, line.length - 1, nowMs);
      buf = chunk.subarray(lf + 1);
    }
    this.parse(buf, nowMs);
  }

  private parse(buf: Buffer, nowMs: number): void {
    const n = buf.length;
    let i = 0;
    while (i < n && !this.closed) {
      if (this.skip > 0) {
        const take = this.skip < n - i ? this.skip : n - i;
        const payloadAt = this.bulkLength + 2 - this.skip;
        if (this.peekSeen < 5 && payloadAt < this.bulkLength) this.capturePeek(buf, i, take, payloadAt);
        i += take;
        this.skip -= take;
        if (this.skip === 0) {
          this.peekVersion = this.peekBytes >>> 0;
          this.complete(REPLY_BULK, this.bulkLength, nowMs);
        }
        continue;
      }
      const type = buf[i];
      if (type === 0x24) {
        // '$': the common case, inlined. Find the length and its CRLF.
        let at = i + 1;
        let negative = false;
        if (buf[at] === 0x2d) {
          negative = true;
          at++;
        }
        let length = 0;
        let c = 0;
        while (at < n && (c = buf[at]) !== 0x0d) {
          length = length * 10 + (c - 48);
          at++;
        }
        if (at + 1 >= n) {
          this.carry = Buffer.from(buf.subarray(i));
          return;
        }
        i = at + 2;
        if (negative) {
          this.complete(REPLY_NIL, 0, nowMs);
          continue;
        }
        this.bulkLength = length;
        this.skip = length + 2;
        this.peekSeen = 0;
        this.peekBytes = 0;
        if (n - i >= 6 && length >= 5) {
          // The whole version is in this chunk.
          this.peekBytes = buf.readUInt32LE(i + 1);
          this.peekSeen = 5;
        }
        continue;
      }
      const lf = buf.indexOf(0x0a, i);
      if (lf < 0) {
        this.carry = Buffer.from(buf.subarray(i));
        return;
      }
      if (type === 0x2a) {
        this.slow = Buffer.from(buf.subarray(i));
        this.trySlow(nowMs);
        return;
      }
      this.header(buf, i, lf, nowMs);
      i = lf + 1;
    }
  }

  /** A complete header line buf[start … lf] of a status, error, integer or bulk reply. */
  private header(buf: Buffer, start: number, lf: number, nowMs: number): void {
    const type = buf[start];
    const end = lf - 1; // the CR
    switch (type) {
      case 0x2b: // '+'
        this.complete(REPLY_STATUS, 0, nowMs);
        return;
      case 0x2d: // '-'
        this.replyText = buf.toString('utf8', start + 1, end);
        this.complete(REPLY_ERROR, 0, nowMs);
        return;
      case 0x3a: // ':'
        this.complete(REPLY_INTEGER, Number(buf.toString('latin1', start + 1, end)), nowMs);
        return;
      case 0x24: { // '$' (only when the header was cut across chunks)
        const length = Number(buf.toString('latin1', start + 1, end));
        if (length < 0) {
          this.complete(REPLY_NIL, 0, nowMs);
          return;
        }
        this.bulkLength = length;
        this.skip = length + 2;
        this.peekSeen = 0;
        this.peekBytes = 0;
        return;
      }
      default:
        this.destroy(new Error(`Protocol error: unexpected reply type byte 0x${type.toString(16)}.`));
    }
  }

  /** Collects payload bytes 1…4 (the version) from buf[i …] where payload offset `payloadAt` starts. */
  private capturePeek(buf: Buffer, i: number, take: number, payloadAt: number): void {
    for (let k = 0; k < take; k++) {
      const offset = payloadAt + k;
      if (offset >= 5 || offset >= this.bulkLength) break;
      if (offset >= 1) this.peekBytes |= buf[i + k] << (8 * (offset - 1));
      this.peekSeen = offset + 1;
    }
  }

  private trySlow(nowMs: number): void {
    const slow = this.slow as Buffer;
    const parsed = parseValue(slow, 0);
    if (parsed === null) return;
    this.slow = null;
    const [value, next] = parsed;
    if (value === null) {
      this.complete(REPLY_NIL, 0, nowMs);
    } else {
      this.replyArray = value as RespValue[];
      this.complete(REPLY_ARRAY, this.replyArray.length, nowMs);
    }
    if (next < slow.length) this.parse(slow.subarray(next), nowMs);
  }
}

/** Parses one complete RESP2 value at `pos`; null when the buffer does not hold all of it yet. */
export function parseValue(buf: Buffer, pos: number): [RespValue, number] | null {
  const lf = buf.indexOf(0x0a, pos);
  if (lf < 0) return null;
  const type = buf[pos];
  const line = buf.toString('utf8', pos + 1, lf - 1);
  const next = lf + 1;
  switch (type) {
    case 0x2b: return [line, next];
    case 0x2d: return [new Error(line), next];
    case 0x3a: return [Number(line), next];
    case 0x24: {
      const length = Number(line);
      if (length < 0) return [null, next];
      if (buf.length < next + length + 2) return null;
      return [Buffer.from(buf.subarray(next, next + length)), next + length + 2];
    }
    case 0x2a: {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: RespValue[] = [];
      let at = next;
      for (let k = 0; k < count; k++) {
        const item = parseValue(buf, at);
        if (item === null) return null;
        items.push(item[0]);
        at = item[1];
      }
      return [items, at];
    }
    default:
      throw new Error(`Protocol error: unexpected reply type byte 0x${type.toString(16)}.`);
  }
}
