/**
 * The RESP pipeline's reply parser: replies read incrementally from the socket's chunks, each
 * handed to the sink as a type and a number. A bulk reply's payload is skipped, keeping only its
 * first bytes (the value's version, see values.ts); an error's text and an array's items (the slow
 * path, parsed whole) are left on the sink for its listener. A header cut by a chunk boundary is
 * glued back together; nothing else is copied.
 */
import type { RespValue } from './resp-reply';
import {
  parseValue, REPLY_ARRAY, REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_NIL, REPLY_STATUS, RespProtocolError, unexpectedTypeByte,
} from './resp-reply';
import { VALUE_HEADER_BYTES } from './values';

/** Where parsed replies go: the pipe, which answers its oldest pending command with each. */
export interface ReplySink {
  /** Set before an error reply is completed. */
  replyText: string;
  /** Set before an array reply is completed. */
  replyArray: RespValue[];
  /** Set before a bulk reply is completed. */
  peekVersion: number;
  /** The next reply, in order: one of the REPLY_* types and its integer, bulk length or item count. */
  complete(type: number, value: number, nowMs: number): void;
  /** The stream is not RESP2; the parser has stopped for good. */
  protocolError(error: RespProtocolError): void;
}

export class RespReplyParser {
  /** Set once the stream could not be parsed (or the sink said so): no reply is read after it. */
  stopped = false;

  private carry: Buffer | null = null;
  /** Payload bytes (plus CRLF) of the current bulk still to skip; 0 between replies. */
  private skip = 0;
  private bulkLength = 0;
  private peekSeen = 0;
  private peekBytes = 0;
  /** An array reply being gathered (slow path). */
  private slow: Buffer | null = null;

  constructor(private readonly sink: ReplySink) {}

  /** Reads the replies in a chunk, read from the socket at `nowMs`. */
  feed(chunk: Buffer, nowMs: number): void {
    if (this.stopped) return;
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
    while (i < n && !this.stopped) {
      if (this.skip > 0) {
        const take = this.skip < n - i ? this.skip : n - i;
        const payloadAt = this.bulkLength + 2 - this.skip;
        if (this.peekSeen < VALUE_HEADER_BYTES && payloadAt < this.bulkLength) this.capturePeek(buf, i, take, payloadAt);
        i += take;
        this.skip -= take;
        if (this.skip === 0) {
          this.sink.peekVersion = this.peekBytes >>> 0;
          this.sink.complete(REPLY_BULK, this.bulkLength, nowMs);
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
          this.sink.complete(REPLY_NIL, 0, nowMs);
          continue;
        }
        this.startBulk(length);
        if (n - i > VALUE_HEADER_BYTES && length >= VALUE_HEADER_BYTES) {
          // The whole version (after the marker byte) is in this chunk.
          this.peekBytes = buf.readUInt32LE(i + 1);
          this.peekSeen = VALUE_HEADER_BYTES;
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
        this.sink.complete(REPLY_STATUS, 0, nowMs);
        return;
      case 0x2d: // '-'
        this.sink.replyText = buf.toString('utf8', start + 1, end);
        this.sink.complete(REPLY_ERROR, 0, nowMs);
        return;
      case 0x3a: // ':'
        this.sink.complete(REPLY_INTEGER, Number(buf.toString('latin1', start + 1, end)), nowMs);
        return;
      case 0x24: { // '$' (only when the header was cut across chunks)
        const length = Number(buf.toString('latin1', start + 1, end));
        if (length < 0) this.sink.complete(REPLY_NIL, 0, nowMs);
        else this.startBulk(length);
        return;
      }
      default:
        this.fail(unexpectedTypeByte(type));
    }
  }

  private startBulk(length: number): void {
    this.bulkLength = length;
    this.skip = length + 2;
    this.peekSeen = 0;
    this.peekBytes = 0;
  }

  /** Collects the version's bytes from buf[i …], where payload offset `payloadAt` starts. */
  private capturePeek(buf: Buffer, i: number, take: number, payloadAt: number): void {
    for (let k = 0; k < take; k++) {
      const offset = payloadAt + k;
      if (offset >= VALUE_HEADER_BYTES || offset >= this.bulkLength) break;
      if (offset >= 1) this.peekBytes |= buf[i + k] << (8 * (offset - 1));
      this.peekSeen = offset + 1;
    }
  }

  private trySlow(nowMs: number): void {
    const slow = this.slow as Buffer;
    let parsed: ReturnType<typeof parseValue>;
    try {
      parsed = parseValue(slow, 0);
    } catch (error) {
      // Thrown from a socket's 'data' handler it would be an uncaught exception.
      this.fail(error instanceof RespProtocolError ? error : new RespProtocolError((error as Error).message));
      return;
    }
    if (parsed === null) return;
    this.slow = null;
    const [value, next] = parsed;
    if (value === null) {
      this.sink.complete(REPLY_NIL, 0, nowMs);
    } else {
      this.sink.replyArray = value as RespValue[];
      this.sink.complete(REPLY_ARRAY, this.sink.replyArray.length, nowMs);
    }
    if (next < slow.length) this.parse(slow.subarray(next), nowMs);
  }

  private fail(error: RespProtocolError): void {
    this.stopped = true;
    this.slow = this.carry = null;
    this.sink.protocolError(error);
  }
}
