/**
 * The recorded replay's port on a live connection (a CommandPipe: RespPipeline on a real server,
 * FakePipe in tests): GET, SET and DEL down the pipe, EXPIRE as PEXPIRE/PERSIST, SET … KEEPTTL
 * and a FLUSH's per-key DEL as plain commands. Every reply comes later, in the order sent (one
 * connection), and goes back to the RecordedClient (reads, EXPIREs, FLUSH DELs) or to the
 * cache-aside client (SETs). Keys are the recording's own bytes under a prefix (`ksr:`, and
 * `ksr:db<N>:` for keys of DB N > 0).
 */
import type { RecordedClient, RecordedPort } from '../../run';
import { NO_KEY } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import { FAILED, PENDING, REFUSED, STORED } from '../../run/cache-aside';
import { TTL_KEEP } from '../../trace';
import type { RecordedKeys } from '../../trace';
import type { RedisTargetError } from '../redis';
import { classifyRedisError } from '../redis';
import { FATAL_CODES } from '../live/pipe-port';
import { copyBytes, KeyCodec } from '../live/keys';
import type { CommandPipe } from '../live/pipe';
import type { ReplyListener } from '../live/resp-pipeline';
import { REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL } from '../live/resp-pipeline';
import type { ValueSource } from '../live/values';

export const RECORDED_PREFIX = 'ksr:';

// Reply tags.
const OP_GET = 1;
const OP_SET = 2;
const OP_DEL = 3;
const OP_EXPIRE = 4;
const OP_FLUSH_DEL = 5;

/** The recording's keys as the pipe writes them: `index` is the key id (`ns` is not used). */
export class RecordedKeyCodec extends KeyCodec {
  private readonly prefixes: Buffer[] = [];

  constructor(private readonly recorded: RecordedKeys) {
    super(RECORDED_PREFIX, []);
  }

  private prefixOf(id: number): Buffer {
    const db = this.recorded.dbOf(id);
    return (this.prefixes[db] ??= Buffer.from(db === 0 ? RECORDED_PREFIX : `${RECORDED_PREFIX}db${db}:`, 'latin1'));
  }

  override byteLength(_ns: number, id: number): number {
    return this.prefixOf(id).length + this.recorded.bytesOf(id).length;
  }

  override write(buffer: Buffer, pos: number, _ns: number, id: number): number {
    pos = copyBytes(this.prefixOf(id), buffer, pos);
    const bytes = this.recorded.bytesOf(id);
    for (let i = 0; i < bytes.length; i++) buffer[pos + i] = bytes[i];
    return pos + bytes.length;
  }

  /** The key as bytes, for commands sent as argv. */
  key(id: number): Buffer {
    const key = Buffer.allocUnsafe(this.byteLength(0, id));
    this.write(key, 0, 0, id);
    return key;
  }

  override render(_ns: number, id: number): string {
    return this.key(id).toString('latin1');
  }
}

/** What the port tells the replay. */
export interface ReplayHost {
  /** A command failed in a way every further one would (a lost connection, a refused command): stop. */
  fatal(error: RedisTargetError): void;
  /** A reply came. */
  wake(): void;
}

export class RecordedPipePort implements RecordedPort, ReplyListener {
  readonly answersLater = true;
  readonly deletedKeyBytes = 0;
  commands = 0;
  /** Error replies other than OOM, by classified code. */
  readonly errors = new Map<string, number>();
  recorded!: RecordedClient;
  client!: CacheAsideClient;

  constructor(readonly pipe: CommandPipe, private readonly keys: RecordedKeyCodec, private readonly values: ValueSource,
    private readonly host: ReplayHost, private readonly describe: string) {}

  get(id: number, atMs: number): number {
    this.send(atMs);
    this.pipe.get(OP_GET, id, 0, this.keys, 0, id);
    return PENDING;
  }

  set(id: number, _keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    this.send(atMs);
    if (ttlMs === TTL_KEEP) {
      this.pipe.command(OP_SET, id, version, ['SET', this.keys.key(id), this.values.buffer(id, valueBytes, version), 'KEEPTTL']);
    } else {
      // PX takes whole milliseconds (≥ 1); 0 sends no PX.
      const px = ttlMs > 0 ? Math.max(1, Math.round(ttlMs)) : 0;
      this.pipe.set(OP_SET, id, version, this.keys, 0, id, this.values, valueBytes, version, px);
    }
    return PENDING;
  }

  del(id: number, atMs: number): void {
    this.send(atMs);
    this.pipe.del(OP_DEL, id, 0, this.keys, 0, id);
  }

  expire(id: number, _keyBytes: number, valueBytes: number, ttlMs: number, atMs: number): number {
    this.send(atMs);
    const key = this.keys.key(id);
    // The value's size rides along as the reply's tag: the client counts the re-store with it.
    this.pipe.command(OP_EXPIRE, id, valueBytes, ttlMs > 0 ? ['PEXPIRE', key, Math.max(1, Math.round(ttlMs))] : ['PERSIST', key]);
    return PENDING;
  }

  flushKey(id: number, atMs: number): number {
    this.send(atMs);
    this.pipe.command(OP_FLUSH_DEL, id, 0, ['DEL', this.keys.key(id)]);
    return PENDING;
  }

  deletePattern(): number {
    // A recorded plan has no invalidation rules.
    return 0;
  }

  advance(): void {
    // Redis keeps its own time.
  }

  private send(atMs: number): void {
    this.commands++;
    this.pipe.planMs = atMs;
  }

  onReply(op: number, id: number, arg: number, type: number, value: number, sentAtMs: number, nowMs: number): void {
    const failed = type === REPLY_ERROR || type === REPLY_LOST;
    const oom = type === REPLY_ERROR && this.pipe.replyText.startsWith('OOM');
    if (failed && !oom) this.failed(type);
    switch (op) {
      case OP_GET:
        this.recorded.readReplied(id, type === REPLY_BULK, nowMs - sentAtMs, type !== REPLY_BULK && type !== REPLY_NIL);
        break;
      case OP_SET:
        this.client.setReplied(id, arg, oom ? REFUSED : failed ? FAILED : STORED);
        break;
      case OP_EXPIRE:
        if (oom) this.recorded.expireReplied(id, arg, REFUSED);
        else if (type === REPLY_INTEGER) this.recorded.expireReplied(id, arg, value > 0 ? STORED : NO_KEY);
        break;
      case OP_FLUSH_DEL:
        if (type === REPLY_INTEGER) this.recorded.flushKeyReplied(id, value > 0);
        break;
      default:
        break;
    }
    this.host.wake();
  }

  private failed(type: number): void {
    const text = type === REPLY_LOST ? this.pipe.replyText || 'Connection is closed.' : this.pipe.replyText;
    const error = classifyRedisError(new Error(text), { target: this.describe, phase: 'command' });
    this.errors.set(error.code, (this.errors.get(error.code) ?? 0) + 1);
    // A lost connection, or a refused command (auth, ACL, read-only): every further one would fail too.
    if (type === REPLY_LOST || FATAL_CODES.has(error.code)) this.host.fatal(error);
  }
}
