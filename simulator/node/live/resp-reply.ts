/**
 * What a reply is, to every pipe of the live engine (RespPipeline, IoredisPipe, FakePipe): the
 * REPLY_* types a listener receives, the listener itself, and RESP2 values as the slow path
 * (arrays: SCAN and other rare commands) parses them whole.
 */
import { CONNECTION_CLOSED } from '../redis';

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

/** The text of a REPLY_LOST: why the connection closed, or ioredis' words for it (classifyRedisError knows them). */
export function lostReason(closeError: Error | undefined): string {
  return closeError?.message ?? CONNECTION_CLOSED;
}

/** A RESP value from the slow (array) path. */
export type RespValue = string | number | null | Buffer | RespValue[] | Error;

/** A reply that is not RESP2 (a server that is not Redis, or a stream out of step). */
export class RespProtocolError extends Error {
  constructor(message: string) {
    super(`Protocol error: ${message}`);
    this.name = 'RespProtocolError';
  }
}

/** The error for a reply whose first byte is none of RESP2's. */
export function unexpectedTypeByte(type: number): RespProtocolError {
  return new RespProtocolError(`unexpected reply type byte 0x${type.toString(16)}.`);
}

/**
 * Parses one complete RESP2 value at `pos`; null when the buffer does not hold all of it yet.
 * Throws a RespProtocolError on a type byte RESP2 does not have.
 */
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
      throw unexpectedTypeByte(type);
  }
}
