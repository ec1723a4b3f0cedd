/** What the replay needs from a connection: RespPipeline (fast) or IoredisPipe (cluster, sentinel). */
import type { KeyCodec } from './keys';
import type { RespValue } from './resp-reply';
import type { ValueSource } from './values';

export interface CommandPipe {
  /** Text of the last error reply (valid during onReply). */
  replyText: string;
  replyArray: RespValue[];
  /** Version carried by the last bulk reply (valid during onReply). */
  peekVersion: number;
  /** Clock value stamped on commands queued from now on. */
  stampMs: number;
  /** Plan time of the commands queued from now on: a fake server (fake-pipe.ts) applies them at it, Redis ignores it. */
  planMs: number;
  readonly inFlight: number;
  readonly bytesWritten: number;
  readonly bytesRead: number;
  readonly closed: boolean;
  readonly closeError: Error | undefined;
  /** Queue time of the oldest unanswered command (Infinity when none, or unknown). */
  readonly oldestSentAtMs: number;
  get(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number): void;
  /** SET key value PX ttlMs; a ttlMs of 0 sends no PX (no expiry: `ttl: none`). */
  set(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number,
    values: ValueSource, size: number, version: number, ttlMs: number): void;
  del(op: number, id: number, arg: number, keys: KeyCodec, ns: number, index: number, unlink?: boolean): void;
  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void;
  flush(): void;
  close(): void;
  destroy(error: Error): void;
  onClose(callback: (error: Error | undefined) => void): void;
}
